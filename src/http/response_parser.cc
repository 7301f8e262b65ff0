#include "http/response_parser.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

namespace ds01::http {
namespace {

// More interim (1xx) responses than this before the final one is not a real server.
constexpr int kMaxInterimResponses = 16;

Error Malformed(std::string what) {
  return MakeError(ErrorCode::kProtocol, "malformed HTTP response: " + std::move(what));
}

Result<std::uint64_t> ParseContentLength(const Headers& headers) {
  std::optional<std::uint64_t> length;
  for (const auto& [name, value] : headers) {
    if (!EqualsIgnoreCase(name, "Content-Length")) continue;
    // A list of identical values ("5, 5") is allowed; anything else is an attack or a bug.
    std::string_view rest = value;
    while (true) {
      std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      std::uint64_t parsed = 0;
      auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), parsed);
      if (item.empty() || item.front() == '+' || ec != std::errc() ||
          end != item.data() + item.size()) {
        return Malformed("an invalid Content-Length \"" + std::string(value.substr(0, 40)) + "\"");
      }
      if (length && *length != parsed) return Malformed("conflicting Content-Length values");
      length = parsed;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return length.value_or(0);
}

// True when the last transfer coding is "chunked".
bool EndsWithChunked(std::string_view codings) {
  std::size_t comma = codings.rfind(',');
  std::string_view last = comma == std::string_view::npos ? codings : codings.substr(comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  return EqualsIgnoreCase(last, "chunked");
}

}  // namespace

Status ParseStatusLine(std::string_view line, int* minor_version, int* status,
                       std::string* reason) {
  constexpr std::string_view kPrefix = "HTTP/1.";
  if (line.substr(0, kPrefix.size()) != kPrefix || line.size() < kPrefix.size() + 1 ||
      (line[kPrefix.size()] != '0' && line[kPrefix.size()] != '1')) {
    return Malformed("the status line does not start with HTTP/1.0 or HTTP/1.1");
  }
  *minor_version = line[kPrefix.size()] - '0';
  std::string_view rest = line.substr(kPrefix.size() + 1);
  if (rest.size() < 4 || rest[0] != ' ') return Malformed("no status code in the status line");
  std::string_view code = rest.substr(1, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      code[0] == '0') {
    return Malformed("the status code is not a number from 100 to 999");
  }
  *status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  rest.remove_prefix(4);
  if (!rest.empty() && rest[0] != ' ') return Malformed("no space after the status code");
  *reason = std::string(rest.empty() ? rest : rest.substr(1));
  return Ok();
}

ResponseParser::ResponseParser(bool head_request, HeadLimits limits)
    : head_request_(head_request), head_reader_(limits), chunked_(limits) {}

Status ResponseParser::StartHead() {
  int minor = 1;
  DS01_RETURN_IF_ERROR(
      ParseStatusLine(head_reader_.start_line(), &minor, &head_.status, &head_.reason));
  head_.headers = head_reader_.headers();
  minor_version_ = minor;
  return Ok();
}

Status ResponseParser::ChooseBody() {
  const int status = head_.status;
  const Headers& headers = head_.headers;
  keep_alive_ = minor_version_ >= 1 ? !HasHeaderToken(headers, "Connection", "close")
                                    : HasHeaderToken(headers, "Connection", "keep-alive");
  if (status == 101) {
    keep_alive_ = false;
    body_kind_ = BodyKind::kNone;
    return Ok();
  }
  if (head_request_ || status == 204 || status == 304) {
    body_kind_ = BodyKind::kNone;
    return Ok();
  }
  if (auto codings = FindHeader(headers, "Transfer-Encoding")) {
    if (minor_version_ >= 1 && EndsWithChunked(*codings)) {
      body_kind_ = BodyKind::kChunked;
      // Content-Length beside chunked is a smuggling vector: honour chunked, then close.
      if (FindHeader(headers, "Content-Length")) keep_alive_ = false;
    } else {
      body_kind_ = BodyKind::kUntilClose;
      keep_alive_ = false;
    }
    return Ok();
  }
  if (FindHeader(headers, "Content-Length")) {
    auto length = ParseContentLength(headers);
    if (!length.ok()) return std::move(length).error();
    body_kind_ = BodyKind::kContentLength;
    remaining_ = *length;
    content_length_ = *length;
    return Ok();
  }
  body_kind_ = BodyKind::kUntilClose;
  keep_alive_ = false;
  return Ok();
}

Result<ResponseParser::Event> ResponseParser::Next(std::string_view& input) {
  while (true) {
    switch (state_) {
      case State::kHead: {
        auto done = head_reader_.Feed(input);
        if (!done.ok()) return std::move(done).error();
        if (!*done) return Event{};
        DS01_RETURN_IF_ERROR(StartHead());
        if (head_.status >= 100 && head_.status < 200 && head_.status != 101) {
          if (++interim_responses_ > kMaxInterimResponses) {
            return Malformed("more than " + std::to_string(kMaxInterimResponses) +
                             " interim 1xx responses");
          }
          head_reader_.Reset();
          head_ = ResponseHead{};
          break;
        }
        DS01_RETURN_IF_ERROR(ChooseBody());
        state_ = head_.status == 101 ? State::kDone : State::kBody;
        return Event{Kind::kHead, {}};
      }
      case State::kBody:
        switch (body_kind_) {
          case BodyKind::kNone:
            state_ = State::kDone;
            return Event{Kind::kEnd, {}};
          case BodyKind::kContentLength: {
            if (remaining_ == 0) {
              state_ = State::kDone;
              return Event{Kind::kEnd, {}};
            }
            if (input.empty()) return Event{};
            std::size_t n = static_cast<std::size_t>(
                std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(input.size())));
            std::string_view data = input.substr(0, n);
            input.remove_prefix(n);
            remaining_ -= n;
            return Event{Kind::kBody, data};
          }
          case BodyKind::kChunked: {
            auto piece = chunked_.Next(input);
            if (!piece.ok()) return std::move(piece).error();
            if (piece->kind == ChunkedDecoder::Kind::kNeedMore) return Event{};
            if (piece->kind == ChunkedDecoder::Kind::kData) return Event{Kind::kBody, piece->data};
            state_ = State::kDone;
            return Event{Kind::kEnd, {}};
          }
          case BodyKind::kUntilClose: {
            if (input.empty()) return Event{};
            std::string_view data = input;
            input.remove_prefix(input.size());
            return Event{Kind::kBody, data};
          }
        }
        return Malformed("unknown body kind");
      case State::kDone:
        return Event{Kind::kEnd, {}};
    }
  }
}

Result<ResponseParser::Event> ResponseParser::Finish() {
  switch (state_) {
    case State::kHead:
      return Malformed("the connection closed before the end of the response head");
    case State::kBody:
      if (body_kind_ == BodyKind::kContentLength && remaining_ > 0) {
        return Malformed("the connection closed after " +
                         std::to_string(content_length_ - remaining_) + " of " +
                         std::to_string(content_length_) + " body bytes");
      }
      if (body_kind_ == BodyKind::kChunked) {
        return Malformed("the connection closed before the last chunk of the body");
      }
      state_ = State::kDone;
      return Event{Kind::kEnd, {}};
    case State::kDone:
      return Event{Kind::kEnd, {}};
  }
  return Event{Kind::kEnd, {}};
}

}  // namespace ds01::http
