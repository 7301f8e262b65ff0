#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "common/error.h"
#include "http/chunked_decoder.h"
#include "http/head_reader.h"
#include "http/message.h"

namespace ds01::http {

/// Bounds on one request the server accepts.
struct RequestLimits {
  HeadLimits head;
  std::size_t max_body_bytes = 16u << 20;
  /// A route's own cap on its body, by method and target, within max_body_bytes; unset: the
  /// same cap for every request.
  std::function<std::size_t(std::string_view method, std::string_view target)> body_limit;
};

/// Incremental HTTP/1.1 request decoder for the server: fed arbitrary slices of what a client
/// sent, it reads the head, then a Content-Length or chunked body, within the limits. A
/// failure comes with the HTTP status to answer it with (400, 413, 431, 501, 505).
class RequestParser {
 public:
  enum class Kind { kNeedMore, kHead, kComplete };

  explicit RequestParser(RequestLimits limits = {});

  /// Consumes bytes from the front of `input`: kHead once the head is read (before any body,
  /// so the server can answer "Expect: 100-continue"), kComplete once the request is whole.
  /// Nothing after a complete request is consumed (it is the next, pipelined, request).
  Result<Kind> Next(std::string_view& input);

  /// The request so far; whole after kComplete.
  const Request& request() const { return request_; }
  Request& request() { return request_; }

  /// True when the connection may carry another request after this one.
  bool keep_alive() const { return keep_alive_; }

  /// True when the client waits for "100 Continue" before sending its body.
  bool expects_continue() const { return expects_continue_; }

  /// True once any byte of this request has been consumed.
  bool started() const { return started_; }

  /// The status to answer a failed Next with.
  int error_status() const { return error_status_; }

  /// Forgets the request, ready for the next one on the connection.
  void Reset();

 private:
  enum class State { kHead, kBody, kChunked, kDone };
  Status StartBody();
  Error Fail(int status, std::string what);

  RequestLimits limits_;
  HeadReader head_reader_;
  ChunkedDecoder chunked_;
  State state_ = State::kHead;
  Request request_;
  std::uint64_t remaining_ = 0;
  std::size_t max_body_ = 0;  // this request's cap
  bool keep_alive_ = true;
  bool expects_continue_ = false;
  bool started_ = false;
  int error_status_ = 400;
};

}  // namespace ds01::http
