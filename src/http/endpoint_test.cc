#include "http/endpoint.h"

#include <gtest/gtest.h>

namespace ds01::http {
namespace {

TEST(ParseEndpoint, ReadsAUnixUrl) {
  auto endpoint = ParseEndpoint("unix:///var/run/docker.sock");
  ASSERT_TRUE(endpoint.ok()) << endpoint.error().message;
  EXPECT_EQ(endpoint->kind, Endpoint::Kind::kUnix);
  EXPECT_EQ(endpoint->path, "/var/run/docker.sock");
  EXPECT_EQ(endpoint->ToString(), "unix:///var/run/docker.sock");
}

TEST(ParseEndpoint, ReadsABareAbsolutePathAsAUnixSocket) {
  auto endpoint = ParseEndpoint("/run/ds01/ds01.sock");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->kind, Endpoint::Kind::kUnix);
  EXPECT_EQ(endpoint->ToString(), "unix:///run/ds01/ds01.sock");
}

TEST(ParseEndpoint, ReadsATcpUrl) {
  auto endpoint = ParseEndpoint("tcp://127.0.0.1:2376");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->kind, Endpoint::Kind::kTcp);
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 2376);
  EXPECT_EQ(endpoint->ToString(), "tcp://127.0.0.1:2376");
}

TEST(ParseEndpoint, ReadsABracketedIpv6HostAndDefaultsThePort) {
  auto endpoint = ParseEndpoint("tcp://[::1]");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->host, "::1");
  EXPECT_EQ(endpoint->port, 2375);
  EXPECT_EQ(endpoint->ToString(), "tcp://[::1]:2375");
}

TEST(ParseEndpoint, RefusesWhatItCannotConnectTo) {
  for (const char* bad :
       {"", "http://localhost:2375", "unix://relative.sock", "tcp://:2375", "tcp://host:0",
        "tcp://host:65536", "tcp://host:x", "tcp://::1:2375", "tcp://[::1", "relative.sock",
        "tcp://[[]:2", "tcp://a b:1", "tcp://user@host:1"}) {
    auto endpoint = ParseEndpoint(bad);
    ASSERT_FALSE(endpoint.ok()) << bad;
    EXPECT_EQ(endpoint.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_FALSE(endpoint.error().hint.empty()) << bad;
  }
}

TEST(ParseEndpoint, RefusesASocketPathTooLongForSunPath) {
  auto endpoint = ParseEndpoint("/" + std::string(200, 'a'));
  ASSERT_FALSE(endpoint.ok());
  EXPECT_NE(endpoint.error().message.find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace ds01::http
