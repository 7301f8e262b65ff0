#include "tests/e2e/support/request_as.h"

#include <grp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "http/fd_passing.h"
#include "http/request_writer.h"
#include "http/response_parser.h"

namespace ds01::e2e {
namespace {

Error SystemError(const std::string& what) {
  return MakeError(ErrorCode::kInternal, what + ": " + std::strerror(errno));
}

// In the child: becomes the user, connects, sends the connected socket to `channel`, exits.
// Only async-signal-safe calls: the parent may have other threads.
[[noreturn]] void ConnectInChild(const Credentials& as, const std::vector<gid_t>& groups,
                                 const sockaddr_un& address, int channel) {
  if (setgroups(groups.size(), groups.data()) != 0 || setresgid(as.gid, as.gid, as.gid) != 0 ||
      setresuid(as.uid, as.uid, as.uid) != 0) {
    _exit(10);
  }
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) _exit(11);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) _exit(12);
  if (!http::SendDescriptor(channel, fd)) _exit(13);
  _exit(0);
}

std::string DescribeChildExit(int status) {
  if (!WIFEXITED(status)) return "the child was killed";
  switch (WEXITSTATUS(status)) {
    case 10:
      return "could not switch to the user";
    case 11:
      return "socket() failed";
    case 12:
      return "connect() failed (is ds01d listening, and may the user reach the socket?)";
    case 13:
      return "could not hand the connection back";
    default:
      return "exit " + std::to_string(WEXITSTATUS(status));
  }
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t wrote = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return SystemError("send");
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return Ok();
}

}  // namespace

Result<int> ConnectAs(const Credentials& as, const std::string& socket_path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path) {
    return MakeError(ErrorCode::kInvalidArgument, "socket path too long: " + socket_path);
  }
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  std::vector<gid_t> groups = as.groups;
  int channel[2];
  if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, channel) != 0) {
    return SystemError("socketpair");
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(channel[0]);
    close(channel[1]);
    return SystemError("fork");
  }
  if (pid == 0) ConnectInChild(as, groups, address, channel[1]);
  close(channel[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    close(channel[0]);
    return MakeError(ErrorCode::kUnavailable, "connecting to " + socket_path + " as uid " +
                                                  std::to_string(as.uid) + ": " +
                                                  DescribeChildExit(status));
  }
  auto received = http::ReceiveDescriptor(channel[0]);
  close(channel[0]);
  if (!received.ok()) return std::move(received).error();
  return received->Release();
}

Result<http::Response> Exchange(int fd, const http::Request& request,
                                std::chrono::milliseconds timeout) {
  Result<std::string> bytes = http::SerializeRequest(request);
  if (!bytes.ok()) return std::move(bytes).error();
  DS01_RETURN_IF_ERROR(WriteAll(fd, *bytes));
  http::ResponseParser parser(request.method == "HEAD");
  http::Response response;
  char buffer[16384];
  while (true) {
    pollfd waiting{fd, POLLIN, 0};
    int ready = poll(&waiting, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      return MakeError(ErrorCode::kTimeout,
                       "no complete response within " + std::to_string(timeout.count()) + " ms");
    }
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return SystemError("recv");
    if (got == 0) {
      Result<http::ResponseParser::Event> end = parser.Finish();
      if (!end.ok()) return std::move(end).error();
      return response;
    }
    std::string_view input(buffer, static_cast<std::size_t>(got));
    while (true) {
      Result<http::ResponseParser::Event> event = parser.Next(input);
      if (!event.ok()) return std::move(event).error();
      if (event->kind == http::ResponseParser::Kind::kHead) {
        response.status = parser.head().status;
        response.reason = parser.head().reason;
        response.headers = parser.head().headers;
      } else if (event->kind == http::ResponseParser::Kind::kBody) {
        response.body.append(event->data);
      } else if (event->kind == http::ResponseParser::Kind::kEnd) {
        return response;
      } else {
        break;
      }
    }
  }
}

Result<http::Response> RequestAs(const Credentials& as, const std::string& socket_path,
                                 const std::string& method, const std::string& target,
                                 const std::string& body, std::chrono::milliseconds timeout) {
  Result<int> fd = ConnectAs(as, socket_path);
  if (!fd.ok()) return std::move(fd).error();
  http::Request request{method, target, {{"Connection", "close"}}, body};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  Result<http::Response> response = Exchange(*fd, request, timeout);
  close(*fd);
  return response;
}

}  // namespace ds01::e2e
