#include "api/wire_logs.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const LogsStarted& started) {
  json = {{"chunked", started.chunked}, {"tty", started.tty}, {"early_bytes", started.early_bytes}};
}

void from_json(const nlohmann::json& json, LogsStarted& started) {
  json.at("chunked").get_to(started.chunked);
  json.at("tty").get_to(started.tty);
  json.at("early_bytes").get_to(started.early_bytes);
}

}  // namespace ds01::api
