// A sweep's USL fit.
#include "poolscope/sweep_fit.h"

namespace poolscope {

std::optional<UslFit> fit_sweep(const std::vector<SweepPoint>& points, bool open_loop,
                                std::string& error) {
  std::vector<UslPoint> pts;
  pts.reserve(points.size());
  for (const SweepPoint& p : points) pts.push_back({double(p.workers), p.throughput_per_s});
  auto fit = fit_usl(pts, error);
  if (fit && open_loop) fit->warnings.push_back(kUslOpenLoop);
  return fit;
}

}  // namespace poolscope
