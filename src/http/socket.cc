#include "http/socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::string OsReason(int err) { return std::strerror(err); }

std::string Seconds(milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

// Milliseconds left until `deadline` for poll(), at least 0; -1 when there is no deadline.
int PollTimeout(std::optional<Clock::time_point> deadline) {
  if (!deadline) return -1;
  auto left = std::chrono::duration_cast<milliseconds>(*deadline - Clock::now()).count();
  if (left <= 0) return 0;
  return static_cast<int>(std::min<long long>(left + 1, INT_MAX));
}

std::optional<Clock::time_point> DeadlineAfter(milliseconds timeout) {
  if (timeout.count() <= 0) return std::nullopt;
  return Clock::now() + timeout;
}

Error ConnectError(const Endpoint& endpoint, int err) {
  return MakeError(ErrorCode::kUnavailable, "connect " + endpoint.ToString() + ": " + OsReason(err),
                   "check that the server is running and listening on " + endpoint.ToString());
}

Error ConnectTimeout(const Endpoint& endpoint, milliseconds timeout) {
  return MakeError(ErrorCode::kTimeout,
                   "connect " + endpoint.ToString() + ": no answer within " + Seconds(timeout),
                   "check that the server at " + endpoint.ToString() + " is running and not stuck");
}

// Waits until a non-blocking connect() finishes; returns its errno (0 on success), or ETIMEDOUT.
int FinishConnect(int fd, std::optional<Clock::time_point> deadline) {
  pollfd pfd{fd, POLLOUT, 0};
  while (true) {
    int ready = poll(&pfd, 1, PollTimeout(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return errno;
    if (ready == 0) return ETIMEDOUT;
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return errno;
    return err;
  }
}

Result<Socket> ConnectUnix(const Endpoint& endpoint, milliseconds timeout) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (endpoint.path.size() >= sizeof(addr.sun_path)) return ConnectError(endpoint, ENAMETOOLONG);
  std::memcpy(addr.sun_path, endpoint.path.data(), endpoint.path.size());
  auto deadline = DeadlineAfter(timeout);
  while (true) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return ConnectError(endpoint, errno);
    Socket socket(fd, endpoint.ToString());
    if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0) return socket;
    int err = errno;
    if (err == EINTR || err == EINPROGRESS) err = FinishConnect(fd, deadline);
    if (err == 0) return socket;
    // EAGAIN: the listener's backlog is full; try again shortly until the deadline.
    if (err != EAGAIN) {
      if (err == ETIMEDOUT) return ConnectTimeout(endpoint, timeout);
      return ConnectError(endpoint, err);
    }
    if (deadline && Clock::now() >= *deadline) return ConnectTimeout(endpoint, timeout);
    std::this_thread::sleep_for(milliseconds(5));
  }
}

Result<Socket> ConnectTcp(const Endpoint& endpoint, milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(endpoint.port);
  int rc = getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "connect " + endpoint.ToString() + ": " + gai_strerror(rc),
                     "check the host name in " + endpoint.ToString());
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, &freeaddrinfo);
  auto deadline = DeadlineAfter(timeout);
  int last_error = ECONNREFUSED;
  for (addrinfo* ai = addresses.get(); ai != nullptr; ai = ai->ai_next) {
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    Socket socket(fd, endpoint.ToString());
    int err = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ? 0 : errno;
    if (err == EINPROGRESS || err == EINTR) err = FinishConnect(fd, deadline);
    if (err == 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      return socket;
    }
    if (err == ETIMEDOUT) return ConnectTimeout(endpoint, timeout);
    last_error = err;
  }
  return ConnectError(endpoint, last_error);
}

}  // namespace

Result<Canceller> Canceller::Create() {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) {
    return MakeError(ErrorCode::kInternal, "eventfd: " + OsReason(errno),
                     "raise the open-file limit (ulimit -n)");
  }
  return Canceller(fd);
}

Canceller::Canceller(Canceller&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), cancelled_(other.cancelled()) {}

Canceller& Canceller::operator=(Canceller&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    cancelled_.store(other.cancelled(), std::memory_order_release);
  }
  return *this;
}

Canceller::~Canceller() {
  if (fd_ >= 0) close(fd_);
}

void Canceller::Cancel() {
  cancelled_.store(true, std::memory_order_release);
  std::uint64_t one = 1;
  // A full counter (EAGAIN) is still readable, which is all a wait needs.
  [[maybe_unused]] ssize_t written = write(fd_, &one, sizeof(one));
}

Socket::Socket(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), peer_(std::move(other.peer_)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    peer_ = std::move(other.peer_);
  }
  return *this;
}

Socket::~Socket() { Close(); }

void Socket::Close() {
  if (fd_ >= 0) close(std::exchange(fd_, -1));
}

int Socket::Release() { return std::exchange(fd_, -1); }

Result<Socket> Socket::Connect(const Endpoint& endpoint, milliseconds timeout) {
  if (endpoint.kind == Endpoint::Kind::kUnix) return ConnectUnix(endpoint, timeout);
  return ConnectTcp(endpoint, timeout);
}

Result<Socket::Wait> Socket::WaitFor(short events, milliseconds timeout,
                                     const Canceller* cancel) const {
  auto deadline = DeadlineAfter(timeout);
  pollfd fds[2] = {{fd_, events, 0}, {cancel != nullptr ? cancel->fd() : -1, POLLIN, 0}};
  while (true) {
    if (cancel != nullptr && cancel->cancelled()) return Wait::kCancelled;
    int ready = poll(fds, 2, PollTimeout(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      return MakeError(ErrorCode::kInternal, "poll on " + peer_ + ": " + OsReason(errno));
    }
    if (ready == 0) return Wait::kTimeout;
    if (fds[1].revents != 0) return Wait::kCancelled;
    return Wait::kReady;
  }
}

Result<std::size_t> Socket::Read(char* buf, std::size_t len, milliseconds timeout,
                                 const Canceller* cancel) {
  while (true) {
    if (cancel != nullptr && cancel->cancelled()) {
      return MakeError(ErrorCode::kCancelled, "read from " + peer_ + ": cancelled");
    }
    ssize_t n = recv(fd_, buf, len, 0);
    if (n >= 0) return static_cast<std::size_t>(n);
    int err = errno;
    if (err == EINTR) continue;
    if (err != EAGAIN && err != EWOULDBLOCK) {
      return MakeError(ErrorCode::kUnavailable, "read from " + peer_ + ": " + OsReason(err),
                       "check that the server at " + peer_ + " is still running");
    }
    auto wait = WaitFor(POLLIN, timeout, cancel);
    if (!wait.ok()) return std::move(wait).error();
    if (*wait == Wait::kTimeout) {
      return MakeError(ErrorCode::kTimeout,
                       "read from " + peer_ + ": no data within " + Seconds(timeout),
                       "check that the server at " + peer_ + " is not stuck, or allow more time");
    }
    if (*wait == Wait::kCancelled) {
      return MakeError(ErrorCode::kCancelled, "read from " + peer_ + ": cancelled");
    }
  }
}

Status Socket::WriteAll(std::string_view data, milliseconds timeout, const Canceller* cancel) {
  while (!data.empty()) {
    if (cancel != nullptr && cancel->cancelled()) {
      return MakeError(ErrorCode::kCancelled, "write to " + peer_ + ": cancelled");
    }
    ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    int err = errno;
    if (err == EINTR) continue;
    if (err != EAGAIN && err != EWOULDBLOCK) {
      return MakeError(ErrorCode::kUnavailable, "write to " + peer_ + ": " + OsReason(err),
                       "check that the server at " + peer_ + " is still running");
    }
    auto wait = WaitFor(POLLOUT, timeout, cancel);
    if (!wait.ok()) return std::move(wait).error();
    if (*wait == Wait::kTimeout) {
      return MakeError(ErrorCode::kTimeout,
                       "write to " + peer_ + ": not accepted within " + Seconds(timeout),
                       "check that the server at " + peer_ + " is reading its input");
    }
    if (*wait == Wait::kCancelled) {
      return MakeError(ErrorCode::kCancelled, "write to " + peer_ + ": cancelled");
    }
  }
  return Ok();
}

Status Socket::ShutdownWrite() {
  if (shutdown(fd_, SHUT_WR) < 0) {
    return MakeError(ErrorCode::kUnavailable, "shutdown " + peer_ + ": " + OsReason(errno));
  }
  return Ok();
}

bool Socket::IdleAndOpen() const {
  char byte = 0;
  ssize_t n = recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace ds01::http
