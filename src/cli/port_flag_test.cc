#include "cli/port_flag.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

TEST(PortFlag, ReadsDockersForms) {
  EXPECT_EQ(*ParsePortFlag("8888"), (api::Port{8888, "tcp", std::nullopt, std::nullopt}));
  EXPECT_EQ(*ParsePortFlag("53/udp"), (api::Port{53, "udp", std::nullopt, std::nullopt}));
  EXPECT_EQ(*ParsePortFlag("20001:8888"), (api::Port{8888, "tcp", 20001, std::nullopt}));
  EXPECT_EQ(*ParsePortFlag("0.0.0.0:20001:8888/tcp"), (api::Port{8888, "tcp", 20001, "0.0.0.0"}));
  EXPECT_EQ(*ParsePortFlag("127.0.0.1::8888"), (api::Port{8888, "tcp", std::nullopt, "127.0.0.1"}));
}

TEST(PortFlag, MalformedPortsAreUsageErrors) {
  for (std::string_view bad : {"", "http", "80:", ":80:90", "x:80", "80/"}) {
    auto port = ParsePortFlag(bad);
    if (bad == "80/") {
      ASSERT_TRUE(port.ok()) << "the protocol is judged by ds01d";
      EXPECT_EQ(port->protocol, "");
      continue;
    }
    ASSERT_FALSE(port.ok()) << bad;
    EXPECT_EQ(port.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace ds01::cli
