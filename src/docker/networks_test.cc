#include "docker/networks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(ParseNetworkList, ReadsEachNetwork) {
  Result<std::vector<NetworkSummary>> networks = ParseNetworkList(R"([
    {"Name":"bridge","Id":"c599","Created":"2025-11-22T06:24:31.147802398Z","Scope":"local",
     "Driver":"bridge","Internal":false,"Labels":{},"Options":{"com.docker.network.bridge.name":"docker0"}},
    {"Name":"ds01-net","Id":"77aa","Scope":"local","Driver":"bridge","Internal":true,
     "Labels":{"ds01.test":"n"}}])");
  ASSERT_TRUE(networks.ok()) << networks.error().ToString();
  ASSERT_EQ(networks->size(), 2u);
  const NetworkSummary& bridge = (*networks)[0];
  EXPECT_EQ(bridge.name, "bridge");
  EXPECT_EQ(bridge.id, "c599");
  EXPECT_EQ(bridge.driver, "bridge");
  EXPECT_EQ(bridge.scope, "local");
  EXPECT_EQ(bridge.created, "2025-11-22T06:24:31.147802398Z");
  EXPECT_FALSE(bridge.internal);
  EXPECT_THAT(bridge.labels, IsEmpty());
  EXPECT_TRUE((*networks)[1].internal);
  EXPECT_THAT((*networks)[1].labels, ElementsAre(Pair("ds01.test", "n")));
}

TEST(ParseNetworkList, SomethingOtherThanAnArrayIsAProtocolError) {
  for (std::string_view body : {R"({"message":"x"})", "]"}) {
    Result<std::vector<NetworkSummary>> networks = ParseNetworkList(body);
    ASSERT_FALSE(networks.ok()) << body;
    EXPECT_EQ(networks.error().code, ErrorCode::kProtocol);
  }
}

}  // namespace
}  // namespace ds01::docker
