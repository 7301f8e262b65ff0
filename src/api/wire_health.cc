#include "api/wire_health.h"

#include "api/wire_json.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const HealthProbe& probe) {
  json = {{"start", probe.start},
          {"end", probe.end},
          {"exit_code", probe.exit_code},
          {"output", probe.output}};
}

void from_json(const nlohmann::json& json, HealthProbe& probe) {
  json.at("start").get_to(probe.start);
  json.at("end").get_to(probe.end);
  json.at("exit_code").get_to(probe.exit_code);
  json.at("output").get_to(probe.output);
}

void to_json(nlohmann::json& json, const HealthReport& report) {
  json = {{"name", report.name},
          {"state", report.state},
          {"probed", report.probed},
          {"status", report.status},
          {"failing_streak", report.failing_streak},
          {"probes", report.probes}};
}

void from_json(const nlohmann::json& json, HealthReport& report) {
  json.at("name").get_to(report.name);
  json.at("state").get_to(report.state);
  json.at("probed").get_to(report.probed);
  json.at("status").get_to(report.status);
  json.at("failing_streak").get_to(report.failing_streak);
  json.at("probes").get_to(report.probes);
}

}  // namespace ds01::api
