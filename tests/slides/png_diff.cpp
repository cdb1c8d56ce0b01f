// png_diff A.png B.png: prints the two images' sizes and the mean absolute difference of their
// RGB channels ("size W H W H" then "mean D"); then, for each "x y" line on stdin, the pixel of
// each image there ("x y r g b r g b"). The slide check's pixel reader (Python alone is slow).
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

struct Pixels {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> data{nullptr, stbi_image_free};
};

bool load(const char* path, Pixels& p) {
  int n = 0;
  p.data.reset(stbi_load(path, &p.w, &p.h, &n, 4));
  if (!p.data) std::fprintf(stderr, "png_diff: cannot read %s: %s\n", path, stbi_failure_reason());
  return p.data != nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: png_diff A.png B.png < points\n");
    return 2;
  }
  Pixels a, b;
  if (!load(argv[1], a) || !load(argv[2], b)) return 2;
  std::printf("size %d %d %d %d\n", a.w, a.h, b.w, b.h);
  if (a.w != b.w || a.h != b.h) return 0;
  double total = 0;
  const long n = long(a.w) * long(a.h);
  for (long i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c)
      total += std::abs(int(a.data.get()[i * 4 + c]) - int(b.data.get()[i * 4 + c]));
  std::printf("mean %.3f\n", total / double(n * 3));
  int x = 0, y = 0;
  while (std::scanf("%d %d", &x, &y) == 2) {
    if (x < 0 || y < 0 || x >= a.w || y >= a.h) continue;
    const unsigned char* p = a.data.get() + (long(y) * a.w + x) * 4;
    const unsigned char* q = b.data.get() + (long(y) * b.w + x) * 4;
    std::printf("%d %d %d %d %d %d %d %d\n", x, y, p[0], p[1], p[2], q[0], q[1], q[2]);
  }
  return 0;
}
