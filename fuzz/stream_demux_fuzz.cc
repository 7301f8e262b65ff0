// Feeds arbitrary bytes to the multiplexed-stream demuxer, whole and in slices; both must hand
// out the same bytes per stream and agree on errors and on where the stream may end.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/split_input.h"
#include "http/stream_demux.h"

namespace {

using ds01::http::StreamDemux;
using ds01::http::StreamType;

struct Outcome {
  bool ok = true;
  bool clean_end = false;
  std::string streams[3];

  bool operator==(const Outcome& other) const {
    return ok == other.ok && clean_end == other.clean_end && streams[0] == other.streams[0] &&
           streams[1] == other.streams[1] && streams[2] == other.streams[2];
  }
};

Outcome Run(const std::vector<std::string_view>& slices) {
  StreamDemux demux;
  Outcome outcome;
  for (std::string_view slice : slices) {
    auto status = demux.Feed(slice, [&](StreamType stream, std::string_view data) {
      ds01::fuzz::Check(!data.empty());
      outcome.streams[static_cast<int>(stream)].append(data);
    });
    if (!status.ok()) {
      outcome.ok = false;
      return outcome;
    }
  }
  outcome.clean_end = demux.Finish().ok();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Outcome whole = Run({bytes});
  Outcome sliced = Run(ds01::fuzz::SplitBy(bytes));
  ds01::fuzz::Check(whole == sliced);
  return 0;
}
