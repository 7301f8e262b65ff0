#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "common/error.h"

namespace ds01::http {

/// The stream a multiplexed frame belongs to.
enum class StreamType : std::uint8_t { kStdin = 0, kStdout = 1, kStderr = 2 };

/// Incremental decoder of the Engine API's multiplexed attach/logs stream (a container without
/// a TTY): frames of an 8-byte header (stream type, three zero bytes, big-endian uint32 length)
/// and a payload. Fed slices split anywhere, it hands out payload pieces as views into the
/// input as they arrive, so it never buffers a frame. A bad header is a kProtocol error. It lives
/// in http/ because ds01 reads the frames too, from an exec's connection ds01d hands it.
class StreamDemux {
 public:
  struct Piece {
    StreamType stream = StreamType::kStdout;
    std::string_view data;  // a view into the input passed to Next
  };

  /// Consumes bytes from the front of `input`; the next non-empty payload piece, or nullopt
  /// once `input` is used up. After an error every call returns it again.
  Result<std::optional<Piece>> Next(std::string_view& input);

  /// Decodes all of `data`, calling `sink` for each payload piece in order.
  Status Feed(std::string_view data, const std::function<void(StreamType, std::string_view)>& sink);

  /// The stream ended: Ok at a frame boundary, else a kProtocol error (a truncated frame).
  Status Finish() const;

 private:
  std::array<unsigned char, 8> header_{};
  std::size_t header_bytes_ = 0;
  std::uint32_t remaining_ = 0;  // payload bytes of the current frame still to come
  StreamType stream_ = StreamType::kStdout;
  std::optional<Error> error_;  // a bad header stops the stream for good
};

}  // namespace ds01::http
