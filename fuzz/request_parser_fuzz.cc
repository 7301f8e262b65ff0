// Feeds arbitrary client input to the server's request parser, whole and in slices; both must
// agree on the request (or the status that refuses it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/split_input.h"
#include "http/request_parser.h"

namespace {

using ds01::http::HeadLimits;
using ds01::http::RequestLimits;
using ds01::http::RequestParser;

struct Outcome {
  bool complete = false;
  int error_status = 0;
  std::string method;
  std::string target;
  std::string body;
  std::size_t headers = 0;

  bool operator==(const Outcome& other) const {
    return complete == other.complete && error_status == other.error_status &&
           method == other.method && target == other.target && body == other.body &&
           headers == other.headers;
  }
};

Outcome Run(const std::vector<std::string_view>& slices, RequestLimits limits) {
  RequestParser parser(limits);
  Outcome outcome;
  for (std::string_view slice : slices) {
    std::string_view input = slice;
    while (true) {
      auto kind = parser.Next(input);
      if (!kind.ok()) {
        outcome.error_status = parser.error_status();
        return outcome;
      }
      if (*kind == RequestParser::Kind::kComplete) {
        outcome.complete = true;
        outcome.method = parser.request().method;
        outcome.target = parser.request().target;
        outcome.body = parser.request().body;
        outcome.headers = parser.request().headers.size();
        return outcome;
      }
      if (*kind == RequestParser::Kind::kNeedMore) break;
    }
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const RequestLimits tiny{
      .head = HeadLimits{.max_head_bytes = 256, .max_line_bytes = 64, .max_headers = 4},
      .max_body_bytes = 64};
  for (const RequestLimits& limits : {RequestLimits{}, tiny}) {
    Outcome whole = Run({bytes}, limits);
    Outcome sliced = Run(ds01::fuzz::SplitBy(bytes), limits);
    ds01::fuzz::Check(whole == sliced);
    ds01::fuzz::Check(whole.body.size() <= limits.max_body_bytes);
  }
  return 0;
}
