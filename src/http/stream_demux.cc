#include "http/stream_demux.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace ds01::http {
namespace {

constexpr std::size_t kHeaderSize = 8;

Error BadFrame(std::string what) {
  return MakeError(ErrorCode::kProtocol, "malformed multiplexed stream: " + std::move(what),
                   "read a container with a TTY as a raw stream, not a multiplexed one");
}

}  // namespace

Result<std::optional<StreamDemux::Piece>> StreamDemux::Next(std::string_view& input) {
  if (error_) return *error_;
  while (!input.empty()) {
    if (remaining_ > 0) {
      std::size_t n = std::min<std::size_t>(remaining_, input.size());
      Piece piece{stream_, input.substr(0, n)};
      input.remove_prefix(n);
      remaining_ -= static_cast<std::uint32_t>(n);
      return std::optional<Piece>(piece);
    }
    std::size_t take = std::min(kHeaderSize - header_bytes_, input.size());
    std::memcpy(header_.data() + header_bytes_, input.data(), take);
    header_bytes_ += take;
    input.remove_prefix(take);
    if (header_bytes_ < kHeaderSize) break;
    header_bytes_ = 0;
    if (header_[0] > static_cast<unsigned char>(StreamType::kStderr)) {
      error_ = BadFrame("unknown stream type " + std::to_string(header_[0]) + " in a frame header");
      return *error_;
    }
    if (header_[1] != 0 || header_[2] != 0 || header_[3] != 0) {
      error_ = BadFrame("nonzero padding in a frame header");
      return *error_;
    }
    stream_ = static_cast<StreamType>(header_[0]);
    remaining_ = (std::uint32_t{header_[4]} << 24) | (std::uint32_t{header_[5]} << 16) |
                 (std::uint32_t{header_[6]} << 8) | std::uint32_t{header_[7]};
  }
  return std::optional<Piece>();
}

Status StreamDemux::Feed(std::string_view data,
                         const std::function<void(StreamType, std::string_view)>& sink) {
  while (true) {
    auto piece = Next(data);
    if (!piece.ok()) return std::move(piece).error();
    if (!piece->has_value()) return Ok();
    sink((*piece)->stream, (*piece)->data);
  }
}

Status StreamDemux::Finish() const {
  if (error_) return *error_;
  if (header_bytes_ > 0) {
    return BadFrame("the stream ended inside a frame header (" + std::to_string(header_bytes_) +
                    " of 8 bytes)");
  }
  if (remaining_ > 0) {
    return BadFrame("the stream ended with " + std::to_string(remaining_) +
                    " payload bytes of a frame missing");
  }
  return Ok();
}

}  // namespace ds01::http
