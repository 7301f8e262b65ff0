#include "http/chunked_decoder.h"

#include <algorithm>
#include <string>

namespace ds01::http {
namespace {

// 15 hex digits keep a chunk size below 2^60: no overflow, and no peer means it.
constexpr std::size_t kMaxSizeDigits = 15;

Error Malformed(std::string what) {
  return MakeError(ErrorCode::kProtocol, "malformed chunked body: " + std::move(what));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ChunkedDecoder::ChunkedDecoder(HeadLimits limits)
    : limits_(limits), trailer_reader_(limits, /*has_start_line=*/false) {}

Status ChunkedDecoder::ParseSizeLine() {
  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::uint64_t size = 0;
  std::size_t digits = 0;
  while (digits < line.size() && HexValue(line[digits]) >= 0) {
    if (digits == kMaxSizeDigits) return Malformed("a chunk size with too many digits");
    size = size * 16 + static_cast<std::uint64_t>(HexValue(line[digits]));
    ++digits;
  }
  if (digits == 0) return Malformed("a chunk-size line that does not start with a hex number");
  std::string_view rest = line.substr(digits);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (!rest.empty() && rest.front() != ';') {
    return Malformed("unexpected characters after the chunk size");
  }
  for (char c : rest) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      return Malformed("a control character in a chunk extension");
    }
  }
  remaining_ = size;
  return Ok();
}

Result<ChunkedDecoder::Piece> ChunkedDecoder::Next(std::string_view& input) {
  while (true) {
    switch (state_) {
      case State::kSizeLine: {
        if (input.empty()) return Piece{};
        std::size_t newline = input.find('\n');
        std::size_t content = newline == std::string_view::npos ? input.size() : newline;
        if (line_.size() + content > limits_.max_line_bytes + 1) {
          return Malformed("a chunk-size line longer than " +
                           std::to_string(limits_.max_line_bytes) + " bytes");
        }
        line_.append(input.data(), content);
        input.remove_prefix(newline == std::string_view::npos ? content : content + 1);
        if (newline == std::string_view::npos) return Piece{};
        DS01_RETURN_IF_ERROR(ParseSizeLine());
        line_.clear();
        state_ = remaining_ == 0 ? State::kTrailers : State::kData;
        break;
      }
      case State::kData: {
        if (input.empty()) return Piece{};
        std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(input.size())));
        std::string_view data = input.substr(0, n);
        input.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) {
          state_ = State::kDataEnd;
          saw_cr_ = false;
        }
        return Piece{Kind::kData, data};
      }
      case State::kDataEnd: {
        if (input.empty()) return Piece{};
        char c = input.front();
        if (c == '\r' && !saw_cr_) {
          saw_cr_ = true;
        } else if (c == '\n') {
          state_ = State::kSizeLine;
        } else {
          return Malformed("chunk data not followed by CRLF");
        }
        input.remove_prefix(1);
        break;
      }
      case State::kTrailers: {
        auto done = trailer_reader_.Feed(input);
        if (!done.ok()) return std::move(done).error();
        if (!*done) return Piece{};
        state_ = State::kDone;
        return Piece{Kind::kEnd, {}};
      }
      case State::kDone:
        return Piece{Kind::kEnd, {}};
    }
  }
}

}  // namespace ds01::http
