#include "http/request_parser.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace ds01::http {
namespace {

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

RequestParser::RequestParser(RequestLimits limits)
    : limits_(limits), head_reader_(limits.head), chunked_(limits.head) {}

void RequestParser::Reset() {
  head_reader_.Reset();
  chunked_ = ChunkedDecoder(limits_.head);
  state_ = State::kHead;
  request_ = Request{};
  remaining_ = 0;
  keep_alive_ = true;
  expects_continue_ = false;
  started_ = false;
  error_status_ = 400;
}

Error RequestParser::Fail(int status, std::string what) {
  error_status_ = status;
  return MakeError(ErrorCode::kProtocol, "malformed HTTP request: " + std::move(what));
}

Status RequestParser::StartBody() {
  std::string_view line = head_reader_.start_line();
  std::size_t first = line.find(' ');
  std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) {
    return Fail(400, "the request line is not \"METHOD target HTTP/1.1\"");
  }
  std::string_view method = line.substr(0, first);
  std::string_view target = line.substr(first + 1, last - first - 1);
  std::string_view version = line.substr(last + 1);
  if (!IsToken(method)) return Fail(400, "the method is not a token");
  if (target.empty() || target.find(' ') != std::string_view::npos) {
    return Fail(400, "the request target is empty or contains spaces");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    return Fail(505, "unsupported version " + std::string(version.substr(0, 16)));
  }
  request_.method = std::string(method);
  request_.target = std::string(target);
  max_body_ = limits_.body_limit
                  ? std::min(limits_.max_body_bytes, limits_.body_limit(method, target))
                  : limits_.max_body_bytes;
  request_.headers = head_reader_.headers();
  const Headers& headers = request_.headers;
  keep_alive_ = version == "HTTP/1.1" ? !HasHeaderToken(headers, "Connection", "close")
                                      : HasHeaderToken(headers, "Connection", "keep-alive");
  expects_continue_ = HasHeaderToken(headers, "Expect", "100-continue");

  auto codings = FindHeader(headers, "Transfer-Encoding");
  auto length = FindHeader(headers, "Content-Length");
  if (codings) {
    if (length) return Fail(400, "both Transfer-Encoding and Content-Length");
    if (!EqualsIgnoreCase(*codings, "chunked")) {
      return Fail(501, "unsupported Transfer-Encoding " + std::string(codings->substr(0, 32)));
    }
    state_ = State::kChunked;
    return Ok();
  }
  if (length) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), value);
    if (length->empty() || ec != std::errc() || end != length->data() + length->size()) {
      return Fail(400, "an invalid Content-Length");
    }
    for (const auto& [name, other] : headers) {
      if (EqualsIgnoreCase(name, "Content-Length") && other != *length) {
        return Fail(400, "conflicting Content-Length values");
      }
    }
    if (value > max_body_) {
      return Fail(413, "a body of " + std::to_string(value) + " bytes is larger than the " +
                           std::to_string(max_body_) + " this route takes");
    }
    remaining_ = value;
    // Memory follows the bytes that arrive, not the length a client announces.
    request_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(value, 64u << 10)));
  }
  state_ = State::kBody;
  return Ok();
}

Result<RequestParser::Kind> RequestParser::Next(std::string_view& input) {
  while (true) {
    switch (state_) {
      case State::kHead: {
        started_ = started_ || !input.empty();
        auto done = head_reader_.Feed(input);
        if (!done.ok()) {
          error_status_ = head_reader_.over_limit() ? 431 : 400;
          return std::move(done).error();
        }
        if (!*done) return Kind::kNeedMore;
        DS01_RETURN_IF_ERROR(StartBody());
        return Kind::kHead;
      }
      case State::kBody: {
        if (remaining_ == 0) {
          state_ = State::kDone;
          return Kind::kComplete;
        }
        if (input.empty()) return Kind::kNeedMore;
        std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(input.size())));
        request_.body.append(input.substr(0, n));
        input.remove_prefix(n);
        remaining_ -= n;
        break;
      }
      case State::kChunked: {
        auto piece = chunked_.Next(input);
        if (!piece.ok()) {
          error_status_ = 400;
          return std::move(piece).error();
        }
        if (piece->kind == ChunkedDecoder::Kind::kNeedMore) return Kind::kNeedMore;
        if (piece->kind == ChunkedDecoder::Kind::kEnd) {
          state_ = State::kDone;
          return Kind::kComplete;
        }
        if (request_.body.size() + piece->data.size() > max_body_) {
          return Fail(413, "the chunked body is larger than the " + std::to_string(max_body_) +
                               " bytes this route takes");
        }
        request_.body.append(piece->data);
        break;
      }
      case State::kDone:
        return Kind::kComplete;
    }
  }
}

}  // namespace ds01::http
