#include "api/wire_build.h"

#include "api/wire_json.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const BuildRequest& request) {
  json = nlohmann::json::object();
  if (!request.base.empty()) json["base"] = request.base;
  if (request.no_cache) json["no_cache"] = true;
}

void from_json(const nlohmann::json& json, BuildRequest& request) {
  request.base = OptionalAt<std::string>(json, "base").value_or("");
  request.no_cache = OptionalAt<bool>(json, "no_cache").value_or(false);
}

void to_json(nlohmann::json& json, const BuildLine::Step& step) {
  json = {{"number", step.number}, {"of", step.of}, {"instruction", step.instruction}};
}

void from_json(const nlohmann::json& json, BuildLine::Step& step) {
  json.at("number").get_to(step.number);
  json.at("of").get_to(step.of);
  json.at("instruction").get_to(step.instruction);
}

void to_json(nlohmann::json& json, const BuildLine& line) {
  json = nlohmann::json::object();
  PutIfSet(json, "step", line.step);
  PutIfSet(json, "output", line.output);
  if (line.built) {
    nlohmann::json built = {{"image", line.built->image},
                            {"id", line.built->id},
                            {"still_on_replaced", line.built->still_on_replaced}};
    PutIfSet(built, "replaced", line.built->replaced);
    json["built"] = std::move(built);
  }
  if (line.failed) {
    nlohmann::json failed = line.failed->error;  // {"error": {code, message, hint}}
    PutIfSet(failed, "step", line.failed->step);
    json["failed"] = std::move(failed);
  }
}

void from_json(const nlohmann::json& json, BuildLine& line) {
  line.step = OptionalAt<BuildLine::Step>(json, "step");
  line.output = OptionalAt<std::string>(json, "output");
  line.built.reset();
  if (const auto built = json.find("built"); built != json.end()) {
    BuildLine::Built out;
    built->at("image").get_to(out.image);
    built->at("id").get_to(out.id);
    out.replaced = OptionalAt<std::string>(*built, "replaced");
    out.still_on_replaced = OptionalAt<std::vector<std::string>>(*built, "still_on_replaced")
                                .value_or(std::vector<std::string>{});
    line.built = std::move(out);
  }
  line.failed.reset();
  if (const auto failed = json.find("failed"); failed != json.end()) {
    BuildLine::Failed out;
    failed->get_to(out.error);
    out.step = OptionalAt<BuildLine::Step>(*failed, "step");
    line.failed = std::move(out);
  }
}

}  // namespace ds01::api
