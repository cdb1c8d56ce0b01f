// The channel's status names.
#include "channel.h"

namespace poolscope {

std::string_view to_string(ChanStatus s) {
  switch (s) {
    case ChanStatus::ok: return "ok";
    case ChanStatus::closed: return "closed";
    case ChanStatus::cancelled: return "cancelled";
    case ChanStatus::timeout: return "timeout";
    case ChanStatus::would_block: return "would block";
  }
  return "?";
}

}  // namespace poolscope
