#include "api/wire_stream.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

TEST(WireStream, TheHeadLineSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(StreamStarted{true, false, 17}), (StreamStarted{true, false, 17}));
  EXPECT_EQ(RoundTrip(StreamStarted{false, true, 0}), (StreamStarted{false, true, 0}));
}

TEST(WireStream, TheHeadLineIsOneLineWithTheDocumentedKeys) {
  EXPECT_EQ(Keys(nlohmann::json(StreamStarted{})), (Strings{"chunked", "early_bytes", "tty"}));
  EXPECT_EQ(DumpWire(StreamStarted{true, true, 5}),
            R"({"chunked":true,"early_bytes":5,"tty":true})");
}

TEST(WireStream, ALineMissingAKeyIsRefused) {
  EXPECT_FALSE(FromWire<StreamStarted>(nlohmann::json{{"chunked", true}, {"tty", false}}).ok());
  EXPECT_FALSE(
      FromWire<StreamStarted>(nlohmann::json{{"chunked", 1}, {"tty", false}, {"early_bytes", 0}})
          .ok());
  EXPECT_FALSE(FromWire<StreamStarted>(
                   nlohmann::json{{"chunked", true}, {"tty", false}, {"early_bytes", "5"}})
                   .ok());
}

}  // namespace
}  // namespace ds01::api
