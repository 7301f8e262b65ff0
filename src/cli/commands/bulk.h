#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli/container_fit.h"
#include "cli/session.h"
#include "common/error.h"

namespace ds01::cli {

/// One action applied to many containers (pause --all, unpause --all).
struct BulkAction {
  std::string_view action;  // the route's last word: "pause"
  std::string_view done;    // what each success prints before the name: "Paused"
  Fit fit;                  // which containers it applies to
};

/// Applies `bulk` to each of the caller's containers that fit (or `owner`'s, for an admin),
/// printing one line per success. Failures do not stop the others; they come back together in
/// one Error (the first failure's code and hint). Nothing to act on is not a failure.
Status ApplyToAll(Session& session, const BulkAction& bulk,
                  const std::optional<std::string>& owner);

}  // namespace ds01::cli
