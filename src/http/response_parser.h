#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/error.h"
#include "http/chunked_decoder.h"
#include "http/head_reader.h"
#include "http/message.h"

namespace ds01::http {

/// How a response body is delimited (RFC 9112 §6.3).
enum class BodyKind { kNone, kContentLength, kChunked, kUntilClose };

/// Incremental HTTP/1.1 response decoder: fed arbitrary slices of what the server sent, it
/// yields the head, then the body as views into the input, then the end. It skips interim 1xx
/// responses, knows HEAD/204/304 carry no body, stops right after a 101 head (the rest is the
/// upgraded stream) and refuses malformed or oversized input with ErrorCode::kProtocol.
class ResponseParser {
 public:
  enum class Kind { kNeedMore, kHead, kBody, kEnd };
  struct Event {
    Kind kind = Kind::kNeedMore;
    std::string_view data;  // kBody: body bytes, a view into the input passed to Next
  };

  /// `head_request`: the response answers a HEAD request, so it has no body.
  explicit ResponseParser(bool head_request = false, HeadLimits limits = {});

  /// Consumes bytes from the front of `input` up to the next event; kNeedMore once it is used up.
  /// After kEnd nothing more is consumed: what is left belongs to the next response (or, after
  /// a 101, to the upgraded stream).
  Result<Event> Next(std::string_view& input);

  /// The peer closed the connection: kEnd for a read-until-close body, else a kProtocol error
  /// naming what was cut short.
  Result<Event> Finish();

  /// The final (non-1xx, or 101) head, valid once Next returned kHead.
  const ResponseHead& head() const { return head_; }

  BodyKind body_kind() const { return body_kind_; }

  /// The trailer fields of a chunked body, complete after kEnd.
  const Headers& trailers() const { return chunked_.trailers(); }

  /// True after kEnd when the connection may carry another request.
  bool keep_alive() const { return keep_alive_; }

  /// True when the head is "101 Switching Protocols".
  bool upgraded() const { return head_.status == 101; }

  /// True once kEnd has been returned.
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kHead, kBody, kDone };
  Status StartHead();
  Status ChooseBody();

  bool head_request_;
  HeadReader head_reader_;
  ChunkedDecoder chunked_;
  State state_ = State::kHead;
  ResponseHead head_;
  BodyKind body_kind_ = BodyKind::kNone;
  std::uint64_t remaining_ = 0;
  std::uint64_t content_length_ = 0;
  int minor_version_ = 1;
  bool keep_alive_ = false;
  int interim_responses_ = 0;
};

/// Parses "HTTP/1.1 200 OK" into its version (minor digit), status and reason.
Status ParseStatusLine(std::string_view line, int* minor_version, int* status, std::string* reason);

}  // namespace ds01::http
