// A run's steady-state intervals from its per-job records: time bins, MSER-5, batch means.
#include "poolscope/run_confidence.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace poolscope {

namespace {

bool cancelled_mark(const JobRecord& r) { return r.ended_by == EventKind::job_cancelled; }
bool started(const JobRecord& r) { return r.worker != -1 && r.start_ns > 0; }

// Mean and squared coefficient of variation of `v`; {0, 0} with fewer than 2 values.
std::pair<double, double> mean_scv(const std::vector<double>& v) {
  if (v.size() < 2) return {0.0, 0.0};
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= double(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  const double var = ss / double(v.size() - 1);
  return {mean, mean > 0 ? var / (mean * mean) : 0.0};
}

// Per-bin means of a per-item metric, for MSER: a bin with no items carries the last value (the
// first ones take the first value seen), so a gap neither pulls the series to 0 nor ends it.
std::vector<double> carried_means(const std::vector<double>& sums,
                                  const std::vector<double>& counts) {
  std::vector<double> out(sums.size(), 0.0);
  double last = 0.0;
  bool seen = false;
  for (std::size_t i = 0; i < sums.size(); ++i) {
    if (counts[i] > 0) {
      last = sums[i] / counts[i];
      if (!seen) std::fill(out.begin(), out.begin() + std::ptrdiff_t(i), last);
      seen = true;
    }
    out[i] = last;
  }
  return out;
}

struct Bins {
  std::int64_t t0 = 0, width = 1;
  std::size_t n = 0;
  // The bin of an instant inside [t0, t0 + n·width); n when outside.
  std::size_t at(std::int64_t t) const {
    if (t < t0) return n;
    const auto b = static_cast<std::size_t>((t - t0) / width);
    return b < n ? b : n;
  }
};

}  // namespace

int fixed_pool_size(const ScenarioSpec& spec) {
  if (spec.mode == PoolMode::spawn || spec.autoscale()) return 0;
  return spec.workers + spec.io_workers;
}

RunConfidence measure_confidence(std::span<const JobRecord> records, std::int64_t start_ns,
                                 int workers) {
  RunConfidence out;
  std::int64_t last_arrival = 0;
  for (const JobRecord& r : records)
    if (!cancelled_mark(r)) last_arrival = std::max(last_arrival, r.submit_ns);
  std::size_t done = 0;
  for (const JobRecord& r : records)
    if (r.outcome == JobOutcome::ok && r.end_ns >= start_ns && r.end_ns < last_arrival) ++done;
  if (done < kMinJobsForConfidence || last_arrival <= start_ns) {
    out.reason = std::to_string(done) +
                 " jobs completed before the last arrival; an interval needs " +
                 std::to_string(kMinJobsForConfidence);
    auto mark = [&](Interval& i) { i.reason = out.reason; };
    mark(out.throughput_per_s), mark(out.queue_wait_ms), mark(out.latency_ms),
        mark(out.utilization);
    return out;
  }

  Bins bins;
  bins.t0 = start_ns;
  bins.n = std::min(kMaxBins, done / kJobsPerBin);
  bins.width = std::max<std::int64_t>(1, (last_arrival - start_ns) / std::int64_t(bins.n));
  const double width_s = double(bins.width) / 1e9;
  const std::size_t n = bins.n;
  std::vector<double> completions(n, 0.0), busy_ns(n, 0.0);
  std::vector<double> wait_sum(n, 0.0), wait_count(n, 0.0), lat_sum(n, 0.0), lat_count(n, 0.0);
  for (const JobRecord& r : records) {
    if (r.outcome == JobOutcome::ok)
      if (const auto b = bins.at(r.end_ns); b < n) completions[b] += 1.0;
    if (started(r)) {
      if (const auto b = bins.at(r.start_ns); b < n) {
        wait_sum[b] += double(r.start_ns - r.submit_ns) / 1e6;
        wait_count[b] += 1.0;
      }
      // Busy time, split over the bins the job ran in.
      const std::int64_t end = std::max(r.start_ns, r.end_ns);
      for (std::size_t b = bins.at(std::max(r.start_ns, bins.t0)); b < n; ++b) {
        const std::int64_t lo = bins.t0 + std::int64_t(b) * bins.width, hi = lo + bins.width;
        if (lo >= end) break;
        busy_ns[b] += double(std::min(end, hi) - std::max(r.start_ns, lo));
      }
    }
    if (r.ended_by == EventKind::result_consumed && r.consumed_ns > 0)
      if (const auto b = bins.at(r.consumed_ns); b < n) {
        lat_sum[b] += double(r.consumed_ns - r.submit_ns) / 1e6;
        lat_count[b] += 1.0;
      }
  }
  std::vector<double> throughput(n), utilization(n);
  for (std::size_t b = 0; b < n; ++b) {
    throughput[b] = completions[b] / width_s;
    utilization[b] = workers > 0 ? busy_ns[b] / (double(workers) * double(bins.width)) : 0.0;
  }

  // One warm-up for every metric: the longest any of them needs.
  std::size_t drop = 0;
  for (const auto& series : {throughput, utilization, carried_means(wait_sum, wait_count),
                             carried_means(lat_sum, lat_count)}) {
    const Truncation t = mser5(series);
    if (t.valid) drop = std::max(drop, t.drop);
  }
  out.valid = true;
  out.warmup_s = double(drop) * width_s;
  out.steady_s = double(n - drop) * width_s;
  auto tail = [drop](const std::vector<double>& v) {
    return std::span<const double>(v).subspan(drop);
  };
  out.throughput_per_s = batch_means_ci(tail(throughput));
  if (workers > 0) {
    out.utilization = batch_means_ci(tail(utilization));
  } else {
    out.utilization.reason = "the pool's size varies (spawn mode or a dynamic pool)";
  }
  out.queue_wait_ms = batch_ratio_ci(tail(wait_sum), tail(wait_count));
  out.latency_ms = batch_ratio_ci(tail(lat_sum), tail(lat_count));
  // Every metric here is a non-negative quantity, but a t interval is symmetric: on a skewed
  // sample (waits near 0 with a stall's burst of long ones) it reaches below 0. The mean cannot
  // lie there, so the interval ends at 0 (its coverage is unchanged; half_width stays t·se).
  for (Interval* i : {&out.throughput_per_s, &out.utilization, &out.queue_wait_ms, &out.latency_ms})
    if (i->valid) i->lo = std::max(0.0, i->lo);

  // The models' inputs over the same steady window.
  const std::int64_t from = bins.t0 + std::int64_t(drop) * bins.width;
  const std::int64_t to = bins.t0 + std::int64_t(n) * bins.width;
  std::vector<std::int64_t> arrivals;
  std::vector<double> services;
  for (const JobRecord& r : records) {
    if (cancelled_mark(r) || r.submit_ns < from || r.submit_ns > last_arrival) continue;
    arrivals.push_back(r.submit_ns);
    if (started(r) && r.end_ns >= r.start_ns && r.start_ns < to)
      services.push_back(double(r.end_ns - r.start_ns) / 1e6);
  }
  std::sort(arrivals.begin(), arrivals.end());
  std::vector<double> gaps;
  for (std::size_t i = 1; i < arrivals.size(); ++i)
    gaps.push_back(double(arrivals[i] - arrivals[i - 1]) / 1e9);
  const auto [gap_mean, gap_scv] = mean_scv(gaps);
  out.arrival_rate_per_s = gap_mean > 0 ? 1.0 / gap_mean : 0.0;
  out.arrival_scv = gap_scv;
  std::tie(out.service_ms, out.service_scv) = mean_scv(services);
  return out;
}

}  // namespace poolscope
