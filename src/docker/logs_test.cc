#include "docker/logs.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

TEST(LogsPath, DefaultsToBothStreamsAllLines) {
  EXPECT_EQ(LogsPath("web", {}), "/containers/web/logs?stdout=1&stderr=1&tail=all");
}

TEST(LogsPath, CarriesEveryOption) {
  LogsOptions options;
  options.stdout_stream = false;
  options.follow = true;
  options.timestamps = true;
  options.since = 1700000000.25;
  options.until = 1700000100;
  options.tail = 10;
  EXPECT_EQ(LogsPath("a b", options),
            "/containers/a%20b/logs?stderr=1&follow=1&timestamps=1&since=1700000000.25"
            "&until=1700000100&tail=10");
}

}  // namespace
}  // namespace ds01::docker
