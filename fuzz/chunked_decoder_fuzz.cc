// Feeds arbitrary bytes to the chunked decoder, whole and in slices; both must agree on the
// payload, the trailers and the outcome.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/split_input.h"
#include "http/chunked_decoder.h"

namespace {

using ds01::http::ChunkedDecoder;
using ds01::http::HeadLimits;

struct Outcome {
  bool ok = true;
  bool done = false;
  std::string payload;
  std::size_t trailers = 0;

  bool operator==(const Outcome& other) const {
    return ok == other.ok && done == other.done && payload == other.payload &&
           trailers == other.trailers;
  }
};

Outcome Run(const std::vector<std::string_view>& slices, HeadLimits limits) {
  ChunkedDecoder decoder(limits);
  Outcome outcome;
  for (std::string_view slice : slices) {
    std::string_view input = slice;
    while (!decoder.done()) {
      auto piece = decoder.Next(input);
      if (!piece.ok()) {
        outcome.ok = false;
        return outcome;
      }
      if (piece->kind != ChunkedDecoder::Kind::kData) break;
      outcome.payload.append(piece->data);
    }
  }
  outcome.done = decoder.done();
  outcome.trailers = decoder.trailers().size();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const HeadLimits tiny{.max_head_bytes = 128, .max_line_bytes = 32, .max_headers = 3};
  for (const HeadLimits& limits : {HeadLimits{}, tiny}) {
    Outcome whole = Run({bytes}, limits);
    Outcome sliced = Run(ds01::fuzz::SplitBy(bytes), limits);
    ds01::fuzz::Check(whole == sliced);
    ds01::fuzz::Check(whole.payload.size() <= size);
  }
  return 0;
}
