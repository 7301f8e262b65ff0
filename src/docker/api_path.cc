#include "docker/api_path.h"

#include "docker/engine.h"
#include "http/percent_encode.h"

namespace ds01::docker {

ApiPath::ApiPath(std::string_view prefix) : path_(prefix) {}

ApiPath& ApiPath::Segment(std::string_view segment) {
  path_.push_back('/');
  path_.append(http::PercentEncode(segment));
  return *this;
}

ApiPath& ApiPath::Then(std::string_view suffix) {
  path_.push_back('/');
  path_.append(suffix);
  return *this;
}

void ApiPath::Separator() {
  path_.push_back(has_query_ ? '&' : '?');
  has_query_ = true;
}

ApiPath& ApiPath::Add(std::string_view key, std::string_view value) {
  return AddEncoded(key, http::PercentEncode(value));
}

ApiPath& ApiPath::Add(std::string_view key, std::int64_t value) {
  return AddEncoded(key, std::to_string(value));
}

ApiPath& ApiPath::Flag(std::string_view key, bool on) {
  if (on) AddEncoded(key, "1");
  return *this;
}

ApiPath& ApiPath::AddEncoded(std::string_view key, std::string_view encoded_value) {
  Separator();
  path_.append(key);
  path_.push_back('=');
  path_.append(encoded_value);
  return *this;
}

}  // namespace ds01::docker
