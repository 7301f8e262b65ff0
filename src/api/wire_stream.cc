#include "api/wire_stream.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const StreamStarted& started) {
  json = {{"chunked", started.chunked}, {"tty", started.tty}, {"early_bytes", started.early_bytes}};
}

void from_json(const nlohmann::json& json, StreamStarted& started) {
  json.at("chunked").get_to(started.chunked);
  json.at("tty").get_to(started.tty);
  json.at("early_bytes").get_to(started.early_bytes);
}

}  // namespace ds01::api
