#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/body_stream.h"
#include "http/connection.h"
#include "http/endpoint.h"
#include "http/message.h"
#include "http/raw_stream.h"
#include "http/response_parser.h"

namespace ds01::http {

struct Timeouts {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds io{30000};  // each blocking read/write of a buffered call
};

struct ClientLimits {
  std::size_t max_body_bytes = 256u << 20;  // a larger buffered body is a kProtocol error
  std::size_t max_idle_connections = 8;
  std::size_t max_line_bytes = 1u << 20;  // BodyStream::ReadLine
};

/// What an upgrade request got: the raw stream after a 101, or the server's refusal.
struct UpgradeOutcome {
  std::unique_ptr<RawStream> stream;  // set when the server answered 101
  Response refusal;                   // otherwise: its status, headers and (bounded) body
};

/// A client for one endpoint with a pool of keep-alive connections; thread-safe.
///
/// Stale pooled connections: before reuse each idle connection is probed with a non-blocking
/// peek (closed or unexpectedly readable ones are dropped); if a reused connection still fails
/// before any response byte arrives, an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) is
/// retried once on a fresh connection, other requests report the error.
class Client {
 public:
  explicit Client(Endpoint endpoint, Timeouts timeouts = {}, ClientLimits limits = {});

  const Endpoint& endpoint() const { return pool_->endpoint(); }

  /// Sends the request and buffers the whole response (any status is a Response, not an Error).
  /// kUnavailable when the endpoint cannot be reached, kTimeout, kProtocol on malformed input.
  Result<Response> Do(const Request& request);

  /// As Do, with `io_timeout` for each blocking read and write instead of the client's.
  Result<Response> Do(const Request& request, std::chrono::milliseconds io_timeout);

  /// Sends the request and returns once the head has arrived (within the io timeout); the body
  /// is read from the stream, each wait bounded by `read_timeout` (zero: until data, end or
  /// Cancel).
  Result<std::unique_ptr<BodyStream>> Stream(
      const Request& request,
      std::chrono::milliseconds read_timeout = std::chrono::milliseconds{0});

  /// Adds "Connection: Upgrade" and "Upgrade: tcp" and expects 101. Any other answer is an
  /// Error whose code is ErrorCodeForStatus(status) and whose message is
  /// "HTTP <status> <reason>: <body>"; use TryUpgrade to see the response itself.
  Result<std::unique_ptr<RawStream>> Upgrade(const Request& request);

  /// As Upgrade, but a non-101 answer is returned in UpgradeOutcome::refusal, not as an Error.
  Result<UpgradeOutcome> TryUpgrade(const Request& request);

 private:
  struct Exchange {
    std::unique_ptr<Connection> connection;
    ResponseParser parser;
  };
  // Sends the request and reads up to the final head, retrying once as described above.
  Result<Exchange> SendAndReadHead(const Request& request, std::chrono::milliseconds io_timeout,
                                   bool may_retry);
  Result<Exchange> SendOnce(std::unique_ptr<Connection> connection, const std::string& bytes,
                            bool head_request, std::chrono::milliseconds io_timeout,
                            bool* nothing_received);
  Result<std::string> ReadBody(Exchange& exchange, std::chrono::milliseconds io_timeout,
                               std::size_t max_bytes);

  Timeouts timeouts_;
  ClientLimits limits_;
  std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace ds01::http
