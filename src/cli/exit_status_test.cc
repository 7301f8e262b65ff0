#include "cli/exit_status.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

TEST(ExitStatusFor, FollowsTheTableInTheApiDocument) {
  EXPECT_EQ(ExitStatusFor(ErrorCode::kInvalidArgument), 2);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kNotFound), 3);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kConflict), 4);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kLimitExceeded), 4);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kPermissionDenied), 4);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kUnavailable), 5);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kTimeout), 1);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kCancelled), 1);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kProtocol), 1);
  EXPECT_EQ(ExitStatusFor(ErrorCode::kInternal), 1);
}

TEST(PrintError, WritesTheMessageAndThenTheFix) {
  std::ostringstream err;
  PrintError(err, MakeError(ErrorCode::kConflict,
                            "Cannot remove running container my-thesis: stop it first, or use "
                            "--stop",
                            "container-remove my-thesis --stop"));
  EXPECT_EQ(err.str(),
            "Error: Cannot remove running container my-thesis: stop it first, or use --stop\n"
            "Fix: container-remove my-thesis --stop\n");
}

TEST(PrintError, LeavesOutTheFixLineWhenThereIsNoHint) {
  std::ostringstream err;
  PrintError(err, MakeError(ErrorCode::kCancelled, "nothing chosen"));
  EXPECT_EQ(err.str(), "Error: nothing chosen\n");
}

}  // namespace
}  // namespace ds01::cli
