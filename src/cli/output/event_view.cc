#include "cli/output/event_view.h"

#include <array>

#include "cli/output/table.h"
#include "cli/output/time_format.h"

namespace ds01::cli {
namespace {

// TIME fits "2024-01-01 12:00:00"; the others fit most names, and a longer one pushes the rest
// of its row right rather than being cut.
constexpr std::array<std::size_t, 5> kWidths = {19, 24, 20, 10, 0};

std::string ContainerCell(const api::Event& event) {
  if (event.container.empty()) return "-";
  return event.owner.empty() ? event.container : event.owner + "/" + event.container;
}

std::string ActionCell(const api::Event& event) {
  if (event.outcome.empty() || event.outcome == "ok") return event.action;
  return event.action + " (" + event.outcome + ")";
}

}  // namespace

std::string EventHeader() {
  return TableRow({"TIME", "CONTAINER", "ACTION", "BY", "DETAIL"}, kWidths);
}

std::string EventRow(const api::Event& event) {
  return TableRow({FormatLocalTime(event.time), ContainerCell(event), ActionCell(event),
                   event.actor, event.detail},
                  kWidths);
}

}  // namespace ds01::cli
