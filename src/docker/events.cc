#include "docker/events.h"

#include "docker/api_path.h"
#include "docker/engine.h"
#include "docker/json_fields.h"

namespace ds01::docker {

std::string EventsPath(const EventQuery& query) {
  ApiPath path("/events");
  if (query.since) path.Add("since", *query.since);
  if (query.until) path.Add("until", *query.until);
  if (!query.filters.empty()) path.AddEncoded("filters", EncodeFilters(query.filters));
  return path.str();
}

Result<Event> ParseEvent(std::string_view line) {
  Result<nlohmann::json> parsed = ParseJson(line, "an event");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  Event event;
  event.type = StringField(doc, "Type");
  event.action = StringField(doc, "Action");
  const nlohmann::json& actor = Field(doc, "Actor");
  event.actor_id = StringField(actor, "ID");
  event.attributes = StringMapField(actor, "Attributes");
  event.time_nano = IntField(doc, "timeNano");
  if (event.time_nano == 0) event.time_nano = IntField(doc, "time") * 1'000'000'000;
  return event;
}

}  // namespace ds01::docker
