#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/head_reader.h"
#include "http/message.h"

namespace ds01::http {

/// Incremental decoder of a chunked body (RFC 9112 §7.1), trailers included: fed arbitrary
/// slices, it hands back the payload as views into the input and never buffers it.
class ChunkedDecoder {
 public:
  enum class Kind { kNeedMore, kData, kEnd };
  struct Piece {
    Kind kind = Kind::kNeedMore;
    std::string_view data;  // kData: payload bytes, a view into the input passed to Next
  };

  /// Line limits apply to chunk-size lines and trailer lines; the head limits to the trailers.
  explicit ChunkedDecoder(HeadLimits limits = {});

  /// Consumes bytes from the front of `input` up to the next piece; kNeedMore once it is used up.
  /// After kEnd nothing more is consumed.
  Result<Piece> Next(std::string_view& input);

  /// The trailer fields, complete once Next returned kEnd.
  const Headers& trailers() const { return trailer_reader_.headers(); }

  /// True once the last chunk and the trailers have been read.
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailers, kDone };
  Status ParseSizeLine();

  HeadLimits limits_;
  State state_ = State::kSizeLine;
  std::string line_;
  std::uint64_t remaining_ = 0;
  bool saw_cr_ = false;
  HeadReader trailer_reader_;
};

}  // namespace ds01::http
