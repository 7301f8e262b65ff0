#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/wire_error.h"

namespace ds01::api {

/// POST /v1/images/{project}/build: build the caller's project into their image.
struct BuildRequest {
  std::string base;  // replaces the first FROM's image when not empty
  bool no_cache = false;

  bool operator==(const BuildRequest&) const = default;
};

/// One line of a build's NDJSON answer: a step beginning, output of the running step, and last
/// the outcome, built or failed. Exactly one of the optional parts is set.
struct BuildLine {
  struct Step {
    int number = 0;  // 1-based
    int of = 0;      // how many steps the Dockerfile has
    std::string instruction;

    bool operator==(const Step&) const = default;
  };
  struct Built {
    std::string image;  // "ds01-<uid>/<project>:latest"
    std::string id;
    std::optional<std::string> replaced;         // the image the tag named before, when it changed
    std::vector<std::string> still_on_replaced;  // the owner's containers made from that one

    bool operator==(const Built&) const = default;
  };
  struct Failed {
    ErrorBody error;
    std::optional<Step> step;  // the step that failed; none when it failed before any

    bool operator==(const Failed&) const = default;
  };

  std::optional<Step> step;
  std::optional<std::string> output;
  std::optional<Built> built;
  std::optional<Failed> failed;

  bool operator==(const BuildLine&) const = default;
};

void to_json(nlohmann::json& json, const BuildRequest& request);
void from_json(const nlohmann::json& json, BuildRequest& request);
void to_json(nlohmann::json& json, const BuildLine::Step& step);
void from_json(const nlohmann::json& json, BuildLine::Step& step);
void to_json(nlohmann::json& json, const BuildLine& line);
void from_json(const nlohmann::json& json, BuildLine& line);

}  // namespace ds01::api
