// The USL fit of a sweep for the CLI: JSON, text and the CSV for R's usl.
#include "cli/sweep_usl.h"

#include <cmath>
#include <cstdio>

namespace poolscope::cli {

namespace {

double sig(double v, int digits) {
  if (v == 0.0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, digits - 1 - int(std::floor(std::log10(std::abs(v)))));
  return std::round(v * scale) / scale;
}

}  // namespace

nlohmann::ordered_json usl_json(const UslFit& fit) {
  nlohmann::ordered_json j;
  j["alpha"] = sig(fit.alpha, 6);
  j["beta"] = sig(fit.beta, 6);
  j["gamma"] = sig(fit.gamma, 6);
  j["peak_workers"] =
      fit.peak_workers ? nlohmann::ordered_json(sig(*fit.peak_workers, 6)) : nullptr;
  j["r2"] = sig(fit.r2, 6);
  nlohmann::ordered_json res = nlohmann::ordered_json::array();
  for (const double r : fit.residuals) res.push_back(sig(r, 6));
  j["residuals"] = res;
  j["warnings"] = fit.warnings;
  return j;
}

std::string usl_text(const UslFit& fit) {
  char line[256];
  std::string peak = "undefined";
  if (fit.peak_workers) {
    char p[64];
    std::snprintf(p, sizeof p, "%.1f workers (%.1f jobs/s)", *fit.peak_workers,
                  fit.predict(*fit.peak_workers));
    peak = p;
  }
  std::snprintf(line, sizeof line,
                "USL fit: alpha = %.4g (contention), beta = %.4g (coherency), gamma = %.4g "
                "jobs/s at 1 worker\n         peak N* = %s, R^2 = %.4f\n",
                fit.alpha, fit.beta, fit.gamma, peak.c_str(),
                std::abs(fit.r2) < 5e-5 ? 0.0 : fit.r2);  // no "-0.0000"
  std::string out = line;
  for (const std::string& w : fit.warnings) out += "  warning: " + w + "\n";
  return out;
}

std::string write_sweep_csv(OutputFile& file, const std::vector<SweepPoint>& points) {
  std::FILE* out = file.get();
  std::fputs("N,throughput,latency_ms\n", out);
  for (const SweepPoint& p : points)
    std::fprintf(out, "%d,%.3f,%.3f\n", p.workers, p.throughput_per_s, p.latency_ms.mean);
  return file.finish();
}

}  // namespace poolscope::cli
