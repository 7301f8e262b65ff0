#include "tests/e2e/support/raw_hand_over.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/fd_passing.h"
#include "tests/e2e/support/request_as.h"

namespace ds01::e2e {

RawHandOver::~RawHandOver() {
  for (int fd : {control, engine}) {
    if (fd >= 0) ::close(fd);
  }
}

std::string RawHandOver::ReadEngine(std::size_t limit) {
  std::string all = early;
  char buffer[65536];
  while (all.size() < limit) {
    pollfd ready{engine, POLLIN, 0};
    if (::poll(&ready, 1, 20'000) != 1) break;
    const ssize_t got = ::read(engine, buffer, sizeof buffer);
    if (got <= 0) break;
    all.append(buffer, static_cast<std::size_t>(got));
  }
  return all;
}

std::unique_ptr<RawHandOver> OpenRawHandOver(const Credentials& as, const std::string& socket_path,
                                             std::string_view method, const std::string& target,
                                             std::string_view protocol, bool go_ahead) {
  auto raw = std::make_unique<RawHandOver>();
  Result<int> fd = ConnectAs(as, socket_path);
  EXPECT_TRUE(fd.ok()) << fd.error().ToString();
  if (!fd.ok()) return raw;
  raw->control = *fd;
  const std::string request =
      std::string(method) + " " + target +
      " HTTP/1.1\r\nHost: ds01\r\nConnection: Upgrade\r\nUpgrade: " + std::string(protocol) +
      "\r\n\r\n";
  EXPECT_EQ(::send(raw->control, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  char byte = 0;
  while (!raw->head.ends_with("\r\n\r\n")) {
    pollfd ready{raw->control, POLLIN, 0};
    if (::poll(&ready, 1, 20'000) != 1 || ::read(raw->control, &byte, 1) != 1) return raw;
    raw->head.push_back(byte);
  }
  if (!raw->head.starts_with("HTTP/1.1 101") || !go_ahead) return raw;
  EXPECT_EQ(::send(raw->control, "\n", 1, MSG_NOSIGNAL), 1);
  pollfd ready{raw->control, POLLIN, 0};
  EXPECT_EQ(::poll(&ready, 1, 20'000), 1);
  auto handed = http::ReceiveDescriptor(raw->control);
  EXPECT_TRUE(handed.ok()) << handed.error().ToString();
  if (!handed.ok()) return raw;
  raw->engine = handed->Release();
  std::string rest;
  char buffer[4096];
  while (rest.find('\n') == std::string::npos) {
    const ssize_t got = ::read(raw->control, buffer, sizeof buffer);
    if (got <= 0) break;
    rest.append(buffer, static_cast<std::size_t>(got));
  }
  raw->line = nlohmann::json::parse(rest.substr(0, rest.find('\n')), nullptr, false);
  raw->early = rest.substr(rest.find('\n') + 1);
  const std::size_t early_bytes = raw->line.value("early_bytes", std::size_t{0});
  while (raw->early.size() < early_bytes) {
    const ssize_t got = ::read(raw->control, buffer, sizeof buffer);
    if (got <= 0) break;
    raw->early.append(buffer, static_cast<std::size_t>(got));
  }
  return raw;
}

}  // namespace ds01::e2e
