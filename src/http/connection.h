#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "http/endpoint.h"
#include "http/socket.h"

namespace ds01::http {

/// A socket plus the bytes read from it that no parser has consumed yet.
class Connection {
 public:
  explicit Connection(Socket socket) : socket_(std::move(socket)) {}

  Socket& socket() { return socket_; }

  /// Bytes read but not consumed. Views stay valid until the next Fill.
  std::string_view buffered() const {
    return std::string_view(buffer_.data() + start_, end_ - start_);
  }

  /// Marks the first `n` buffered bytes as consumed.
  void Consume(std::size_t n) { start_ += n; }

  /// Reads more bytes into the buffer; 0 means the peer closed. Waits as Socket::Read does.
  Result<std::size_t> Fill(std::chrono::milliseconds timeout, const Canceller* cancel = nullptr);

  /// True when it has carried a request before (it came from the pool).
  bool reused() const { return reused_; }
  void set_reused() { reused_ = true; }

 private:
  Socket socket_;
  std::vector<char> buffer_;
  std::size_t start_ = 0;  // buffer_[start_, end_) is read and not consumed
  std::size_t end_ = 0;
  bool reused_ = false;
};

/// Idle keep-alive connections to one endpoint, and fresh ones when none is left; thread-safe.
class ConnectionPool {
 public:
  ConnectionPool(Endpoint endpoint, std::chrono::milliseconds connect_timeout,
                 std::size_t max_idle);

  /// An idle connection that still looks open (stale ones are closed), or a new one.
  Result<std::unique_ptr<Connection>> Acquire();

  /// A new connection, never a pooled one.
  Result<std::unique_ptr<Connection>> Connect();

  /// Keeps a connection that finished a response with nothing left over, for the next request.
  void Release(std::unique_ptr<Connection> connection);

  /// How many idle connections are kept now.
  std::size_t idle_count() const;

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  const Endpoint endpoint_;
  const std::chrono::milliseconds connect_timeout_;
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace ds01::http
