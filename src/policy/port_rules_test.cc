#include "policy/port_rules.h"

#include <gtest/gtest.h>

namespace ds01::policy {
namespace {

CreateRequest Publishing(std::vector<PortRequest> ports) {
  CreateRequest request;
  request.ports = std::move(ports);
  return request;
}

TEST(PortRules, EachUidHasARangeOfItsOwn) {
  const NetworkPolicy network;
  EXPECT_EQ(PortRangeOf(network, 1000)->ToString(), "20000-20009");
  EXPECT_EQ(PortRangeOf(network, 1001)->ToString(), "20010-20019");
  EXPECT_FALSE(PortRangeOf(network, 999).has_value()) << "system accounts have none";
  EXPECT_FALSE(PortRangeOf(network, 0).has_value());
  EXPECT_FALSE(PortRangeOf(network, 1000 + 4553).has_value()) << "past port 65535";
  EXPECT_EQ(PortRangeOf(network, 1000 + 4552)->ToString(), "65520-65529");
}

TEST(PortRules, APortListensOnLoopbackUnlessPublicPortsAreAllowed) {
  NetworkPolicy network;
  CreateRequest request = Publishing({PortRequest{8888, "tcp", 0, ""}});
  ASSERT_TRUE(CheckPorts(&request, network, 1000).ok());
  EXPECT_EQ(request.ports[0].host_ip, "127.0.0.1");
  request.ports[0].host_ip = "0.0.0.0";
  Status refused = CheckPorts(&request, network, 1000);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().hint.find("network.public_ports"), std::string::npos);
  network.public_ports = true;
  EXPECT_TRUE(CheckPorts(&request, network, 1000).ok());
  request.ports[0].host_ip = "10.0.0.5";
  EXPECT_EQ(CheckPorts(&request, network, 1000).error().code, ErrorCode::kInvalidArgument);
}

TEST(PortRules, AHostPortOutsideTheCallersRangeIsRefusedNamingTheRange) {
  const NetworkPolicy network;
  for (int host : {80, 22, 20000, 20020, 65535}) {
    CreateRequest request = Publishing({PortRequest{8888, "tcp", host, ""}});
    Status refused = CheckPorts(&request, network, 1001);
    ASSERT_FALSE(refused.ok()) << host;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(refused.error().message.find("20010-20019"), std::string::npos);
  }
  CreateRequest own = Publishing({PortRequest{8888, "tcp", 20015, ""}});
  EXPECT_TRUE(CheckPorts(&own, network, 1001).ok());
}

TEST(PortRules, MalformedPortsAreRefused) {
  const NetworkPolicy network;
  for (PortRequest port : {PortRequest{0, "tcp", 0, ""}, PortRequest{70000, "tcp", 0, ""},
                           PortRequest{80, "sctp", 0, ""}}) {
    CreateRequest request = Publishing({port});
    EXPECT_EQ(CheckPorts(&request, network, 1000).error().code, ErrorCode::kInvalidArgument);
  }
  CreateRequest twice =
      Publishing({PortRequest{80, "tcp", 20001, ""}, PortRequest{81, "tcp", 20001, ""}});
  EXPECT_NE(CheckPorts(&twice, network, 1000).error().message.find("twice"), std::string::npos);
  CreateRequest system = Publishing({PortRequest{80, "tcp", 0, ""}});
  EXPECT_EQ(CheckPorts(&system, network, 0).error().code, ErrorCode::kPermissionDenied);
}

TEST(PortRules, UnassignedPortsTakeTheLowestFreeOnesOfTheRange) {
  const NetworkPolicy network;
  CreateRequest request = Publishing({PortRequest{8888, "tcp", 0, "127.0.0.1"},
                                      PortRequest{6006, "tcp", 20002, "127.0.0.1"},
                                      PortRequest{8080, "tcp", 0, "127.0.0.1"}});
  ASSERT_TRUE(AssignPorts(&request, network, 1000, {20000}).ok());
  EXPECT_EQ(request.ports[0].host_port, 20001);
  EXPECT_EQ(request.ports[1].host_port, 20002);
  EXPECT_EQ(request.ports[2].host_port, 20003);
  std::set<int> full;
  for (int port = 20000; port <= 20009; ++port) full.insert(port);
  CreateRequest more = Publishing({PortRequest{8888, "tcp", 0, "127.0.0.1"}});
  Status refused = AssignPorts(&more, network, 1000, full);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace ds01::policy
