#include "daemon/check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/test_database.h"

namespace ds01::daemon {
namespace {

using ::testing::HasSubstr;

TEST(Check, ABadConfigAndAnUnreachableEngineFailWithTheirReasons) {
  store::TestDatabase dir;
  DaemonOptions options;
  options.config_path = (dir.dir() / "ds01.yaml").string();
  std::ofstream(options.config_path) << "defaults: {memory: lots}\n";
  options.docker_host = "unix://" + (dir.dir() / "no-engine.sock").string();
  options.state_dir = (dir.dir() / "state").string();
  options.socket_path = (dir.dir() / "run" / "ds01.sock").string();
  std::ostringstream out;
  EXPECT_FALSE(RunChecks(options, "/nonexistent/libnvidia-ml.so.1", out));
  const std::string report = out.str();
  EXPECT_THAT(report, HasSubstr("config             FAIL"));
  EXPECT_THAT(report, HasSubstr("defaults.memory"));
  EXPECT_THAT(report, HasSubstr("engine             FAIL"));
  EXPECT_THAT(report, HasSubstr("state directory    ok"));
  EXPECT_THAT(report, HasSubstr("Some checks failed."));
}

}  // namespace
}  // namespace ds01::daemon
