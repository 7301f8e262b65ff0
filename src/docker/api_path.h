#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ds01::docker {

/// Builds an Engine API path with its query: ApiPath("/containers/json").Add("all", "1").
/// Path segments given to Segment and query values are url-encoded.
class ApiPath {
 public:
  explicit ApiPath(std::string_view prefix);

  /// Appends "/<encoded segment>" (an ID or a name) to the path.
  ApiPath& Segment(std::string_view segment);
  /// Appends the literal "/<suffix>" ("start", "logs").
  ApiPath& Then(std::string_view suffix);
  /// Adds key=value to the query.
  ApiPath& Add(std::string_view key, std::string_view value);
  /// Adds key=<number>.
  ApiPath& Add(std::string_view key, std::int64_t value);
  /// Adds key=1 when `on`; nothing otherwise.
  ApiPath& Flag(std::string_view key, bool on);
  /// Adds a value that is already encoded (EncodeFilters' output).
  ApiPath& AddEncoded(std::string_view key, std::string_view encoded_value);

  /// The path and query, e.g. "/containers/abc/logs?stdout=1&tail=10".
  const std::string& str() const { return path_; }

 private:
  void Separator();

  std::string path_;
  bool has_query_ = false;
};

}  // namespace ds01::docker
