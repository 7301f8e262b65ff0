#include "cli/output/event_view.h"

#include <array>

#include "cli/output/fields.h"
#include "cli/output/table.h"
#include "cli/output/time_format.h"
#include "common/rfc3339.h"

namespace ds01::cli {
namespace {

// TIME fits "2024-01-01 12:00:00"; the others fit most names, and a longer one pushes the rest
// of its row right rather than being cut.
constexpr std::array<std::size_t, 5> kWidths = {19, 24, 20, 10, 0};

std::string TimeCell(const std::string& time) {
  auto parsed = ParseRfc3339(time);
  return parsed ? FormatLocalTime(*parsed) : time;
}

std::string ContainerCell(const nlohmann::json& event) {
  std::string owner = TextField(event, "owner");
  std::string container = TextField(event, "container");
  if (container.empty()) return "-";
  return owner.empty() ? container : owner + "/" + container;
}

std::string ActionCell(const nlohmann::json& event) {
  std::string outcome = TextField(event, "outcome");
  std::string action = TextField(event, "action");
  if (outcome.empty() || outcome == "ok") return action;
  return action + " (" + outcome + ")";
}

}  // namespace

std::string EventHeader() {
  return TableRow({"TIME", "CONTAINER", "ACTION", "BY", "DETAIL"}, kWidths);
}

std::string EventRow(const nlohmann::json& event) {
  return TableRow({TimeCell(TextField(event, "time")), ContainerCell(event), ActionCell(event),
                   TextField(event, "actor"), TextField(event, "detail")},
                  kWidths);
}

}  // namespace ds01::cli
