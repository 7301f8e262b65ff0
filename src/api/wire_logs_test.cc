#include "api/wire_logs.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

TEST(WireLogs, TheHeadLineSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(LogsStarted{true, false, 17}), (LogsStarted{true, false, 17}));
  EXPECT_EQ(RoundTrip(LogsStarted{false, true, 0}), (LogsStarted{false, true, 0}));
}

TEST(WireLogs, TheHeadLineIsOneLineWithTheDocumentedKeys) {
  EXPECT_EQ(Keys(nlohmann::json(LogsStarted{})), (Strings{"chunked", "early_bytes", "tty"}));
  EXPECT_EQ(DumpWire(LogsStarted{true, true, 5}), R"({"chunked":true,"early_bytes":5,"tty":true})");
}

TEST(WireLogs, ALineMissingAKeyIsRefused) {
  EXPECT_FALSE(FromWire<LogsStarted>(nlohmann::json{{"chunked", true}, {"tty", false}}).ok());
  EXPECT_FALSE(
      FromWire<LogsStarted>(nlohmann::json{{"chunked", 1}, {"tty", false}, {"early_bytes", 0}})
          .ok());
  EXPECT_FALSE(
      FromWire<LogsStarted>(nlohmann::json{{"chunked", true}, {"tty", false}, {"early_bytes", "5"}})
          .ok());
}

}  // namespace
}  // namespace ds01::api
