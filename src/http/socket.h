#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/endpoint.h"

namespace ds01::http {

/// Wakes every Socket wait it is passed to, from any thread: an eventfd that stays readable
/// once Cancel has been called.
class Canceller {
 public:
  /// A canceller with its own eventfd.
  static Result<Canceller> Create();

  Canceller(Canceller&& other) noexcept;
  Canceller& operator=(Canceller&& other) noexcept;
  Canceller(const Canceller&) = delete;
  Canceller& operator=(const Canceller&) = delete;
  ~Canceller();

  /// Makes current and later waits return kCancelled; thread-safe, idempotent.
  void Cancel();

  /// True once Cancel was called.
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  int fd() const { return fd_; }

 private:
  explicit Canceller(int fd) : fd_(fd) {}

  int fd_ = -1;
  std::atomic<bool> cancelled_{false};
};

/// A connected, non-blocking stream socket whose every blocking operation waits in poll() with a
/// timeout and an optional Canceller. Owns its fd.
class Socket {
 public:
  Socket() = default;
  /// Takes ownership of a connected socket; `peer` names it in error messages.
  Socket(int fd, std::string peer);
  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  /// Connects to the endpoint within `timeout`; kUnavailable with the OS reason on failure,
  /// kTimeout when the deadline passes.
  static Result<Socket> Connect(const Endpoint& endpoint, std::chrono::milliseconds timeout);

  /// Reads what is available, at most `len` (> 0) bytes; 0 means the peer closed its side.
  /// Waits at most `timeout` for data (zero: no limit); kTimeout / kCancelled otherwise.
  Result<std::size_t> Read(char* buf, std::size_t len, std::chrono::milliseconds timeout,
                           const Canceller* cancel = nullptr);

  /// Writes all of `data`, each wait for buffer space bounded by `timeout` (zero: no limit).
  Status WriteAll(std::string_view data, std::chrono::milliseconds timeout,
                  const Canceller* cancel = nullptr);

  /// Half-closes: the peer reads end of stream; reading here still works.
  Status ShutdownWrite();

  /// True when the peer has neither closed nor sent anything: the socket can carry a new
  /// request. Never blocks.
  bool IdleAndOpen() const;

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  const std::string& peer() const { return peer_; }

  /// Closes the fd now (the destructor does it otherwise).
  void Close();

  /// Gives up ownership: returns the fd, which the caller must close.
  int Release();

 private:
  enum class Wait { kReady, kTimeout, kCancelled };
  Result<Wait> WaitFor(short events, std::chrono::milliseconds timeout,
                       const Canceller* cancel) const;

  int fd_ = -1;
  std::string peer_;
};

}  // namespace ds01::http
