#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "http/connection.h"
#include "http/message.h"
#include "http/response_parser.h"
#include "http/socket.h"

namespace ds01::http {

/// A response whose body is read as it arrives (chunked, Content-Length or until close).
/// Read and ReadLine may be mixed; Cancel may be called from any thread while the stream lives.
/// It may outlive the Client that made it.
class BodyStream {
 public:
  /// Made by Client::Stream with a connection whose response head `parser` has read; a fully
  /// read keep-alive body gives the connection back to `pool`.
  BodyStream(std::unique_ptr<Connection> connection, ResponseParser parser,
             std::shared_ptr<ConnectionPool> pool, Canceller canceller,
             std::chrono::milliseconds read_timeout, std::size_t max_line_bytes);
  BodyStream(const BodyStream&) = delete;
  BodyStream& operator=(const BodyStream&) = delete;
  /// A fully read keep-alive body returns the connection to the pool; otherwise it is closed.
  ~BodyStream();

  const ResponseHead& head() const { return parser_.head(); }
  /// How the body is delimited (chunked, Content-Length or until close).
  BodyKind body_kind() const { return parser_.body_kind(); }

  /// Copies up to `len` (> 0) body bytes into `buf`; 0 = the body ended. Waits at most the
  /// read timeout for data (none when it is zero).
  Result<std::size_t> Read(char* buf, std::size_t len);

  /// The next line without its '\n' (NDJSON); the last line may lack the '\n'; nullopt at the
  /// end. A line longer than the limit (1 MiB) is a kProtocol error.
  Result<std::optional<std::string>> ReadLine();

  /// Reads the rest of the body (at most `max_bytes`, else kProtocol).
  Result<std::string> ReadAll(std::size_t max_bytes = 256u << 20);

  /// Thread-safe: a blocked or later Read/ReadLine returns ErrorCode::kCancelled promptly.
  void Cancel();

  /// Hands the connection to a caller that reads the body itself (or gives it to another
  /// process), before anything of the body was read here: its socket, and the bytes already
  /// read past the head, the body as the server sent it (chunk framing included). The stream
  /// reads nothing more, and the connection never goes back to the pool.
  std::pair<Socket, std::string> Detach();

 private:
  // The current piece of body, fetched from the connection when empty; empty at the end.
  Result<std::string_view> NextPiece();
  // Remembers a failure so later reads report it again.
  Error Fail(Error error);
  Error Cancelled() const;

  std::unique_ptr<Connection> connection_;
  ResponseParser parser_;
  std::shared_ptr<ConnectionPool> pool_;
  Canceller canceller_;
  std::chrono::milliseconds read_timeout_;
  std::size_t max_line_bytes_;
  std::string_view piece_;  // body bytes handed out by the parser, not yet returned
  std::string lines_;       // bytes ReadLine holds, from lines_start_
  std::size_t lines_start_ = 0;
  std::size_t lines_scanned_ = 0;
  bool ended_ = false;
  std::optional<Error> error_;
};

/// Feeds the connection's unconsumed bytes to the parser and consumes what it took.
Result<ResponseParser::Event> NextResponseEvent(Connection& connection, ResponseParser& parser);

/// A parser's protocol error with the peer that sent the bytes named in it.
Error FromPeer(Error error, const std::string& peer);

}  // namespace ds01::http
