// Feeds arbitrary server output to the response parser, whole and in slices, with the default
// and with tiny limits; both feedings must agree, and nothing may crash, hang or over-allocate.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/split_input.h"
#include "http/response_parser.h"

namespace {

using ds01::http::HeadLimits;
using ds01::http::ResponseParser;

struct Outcome {
  bool ok = true;
  int status = 0;
  std::string body;
  bool ended = false;
  std::size_t left_over = 0;

  bool operator==(const Outcome& other) const {
    return ok == other.ok && status == other.status && body == other.body && ended == other.ended &&
           left_over == other.left_over;
  }
};

Outcome Run(const std::vector<std::string_view>& slices, bool head_request, HeadLimits limits) {
  ResponseParser parser(head_request, limits);
  Outcome outcome;
  for (std::size_t i = 0; i < slices.size(); ++i) {
    std::string_view input = slices[i];
    while (true) {
      auto event = parser.Next(input);
      if (!event.ok()) {
        outcome.ok = false;
        return outcome;
      }
      if (event->kind == ResponseParser::Kind::kHead) outcome.status = parser.head().status;
      if (event->kind == ResponseParser::Kind::kBody) outcome.body.append(event->data);
      if (event->kind == ResponseParser::Kind::kEnd) {
        outcome.ended = true;
        outcome.left_over = input.size();
        for (std::size_t j = i + 1; j < slices.size(); ++j) outcome.left_over += slices[j].size();
        return outcome;
      }
      if (event->kind == ResponseParser::Kind::kNeedMore) break;
    }
  }
  auto finish = parser.Finish();
  outcome.ok = finish.ok();
  outcome.ended = finish.ok();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool head_request = size > 0 && (data[0] & 0x80) != 0;
  const HeadLimits tiny{.max_head_bytes = 256, .max_line_bytes = 64, .max_headers = 4};
  for (const HeadLimits& limits : {HeadLimits{}, tiny}) {
    Outcome whole = Run({bytes}, head_request, limits);
    Outcome sliced = Run(ds01::fuzz::SplitBy(bytes), head_request, limits);
    ds01::fuzz::Check(whole == sliced);
    ds01::fuzz::Check(whole.body.size() <= size);
  }
  return 0;
}
