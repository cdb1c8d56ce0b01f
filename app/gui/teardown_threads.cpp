// TeardownThreads: dropping the teardown threads that have finished (a finished std::jthread is
// still joinable, so joinable() cannot tell them apart).
#include "teardown_threads.h"

#include <algorithm>

namespace poolscope::gui {

void TeardownThreads::drop_finished() {
  std::erase_if(threads_,
                [](const Teardown& t) { return t.done->load(std::memory_order_acquire); });
}

}  // namespace poolscope::gui
