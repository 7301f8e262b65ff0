#include "api/lifecycle.h"

#include <fmt/format.h>

#include <array>
#include <utility>
#include <vector>

namespace ds01::api {
namespace {

using State = ContainerState;

constexpr std::array<std::pair<State, std::string_view>, 5> kStateNames = {{
    {State::kCreating, "creating"},
    {State::kCreated, "created"},
    {State::kRunning, "running"},
    {State::kPaused, "paused"},
    {State::kStopped, "stopped"},
}};

// One row of the table. `why` and `fix` are the refusal when `allowed` is false ("Cannot stop
// container NAME: WHY"), or `message` whole where the sentence reads better another way;
// "{name}" stands for the container's name, "{state}" for its state.
struct Cell {
  bool allowed;
  Next next;
  std::string_view why;
  std::string_view fix;
  std::string_view message = {};
};

constexpr Cell To(Next next) { return Cell{true, next, {}, {}}; }
constexpr Cell Refuse(std::string_view why, std::string_view fix) {
  return Cell{false, std::nullopt, why, fix};
}

constexpr Cell kNotYet = Refuse("its creation has not finished", "try again in a moment");
constexpr Cell kOnlyDs01d = Refuse("it is {state}", "this change comes from ds01d alone");
constexpr Cell kIgnored = Refuse("it is {state}", "nothing to do");

// The one place the lifecycle is written down; every other part of ds01 asks this table.
Cell CellOf(State state, Action action) {
  switch (action) {
    case Action::kConfirm:
      return state == State::kCreating ? To(State::kCreated)
                                       : Refuse("it was already created", "nothing to do");
    case Action::kRelease:
      return state == State::kCreating
                 ? To(std::nullopt)
                 : Refuse("it exists already", "remove it instead (container-remove {name})");
    case Action::kStart:
      switch (state) {
        case State::kCreated:
        case State::kStopped:
          return To(State::kRunning);
        case State::kRunning:
          return Refuse("it is already running",
                        "stop it first (container-stop {name}) to restart it");
        case State::kPaused:
          return Refuse("it is paused", "resume it with container-unpause {name}");
        case State::kCreating:
          return kNotYet;
      }
      break;
    case Action::kStop:
      switch (state) {
        case State::kRunning:
        case State::kPaused:
          return To(State::kStopped);
        case State::kStopped:
          return Refuse("it is already stopped",
                        "start it with container-start {name}, or remove it (container-remove "
                        "{name}) to free its GPU now");
        case State::kCreated:
        case State::kCreating:
          return Refuse("it is {state}, not running", "start it with container-start {name}");
      }
      break;
    case Action::kPause:
      switch (state) {
        case State::kRunning:
          return To(State::kPaused);
        case State::kPaused:
          return Refuse("it is already paused", "resume it with container-unpause {name}");
        default:
          return Refuse("it is {state}, not running", "start it first (container-start {name})");
      }
    case Action::kUnpause:
      switch (state) {
        case State::kPaused:
          return To(State::kRunning);
        case State::kRunning:
          return Refuse("it is running, not paused", "nothing to do: it is running already");
        default:
          return Refuse("it is {state}, not paused", "start it with container-start {name}");
      }
    case Action::kRemove:
      switch (state) {
        case State::kCreated:
        case State::kStopped:
          return To(std::nullopt);
        case State::kRunning:
        case State::kPaused:
          return Cell{false,
                      std::nullopt,
                      {},
                      "container-remove {name} --stop",
                      "Cannot remove {state} container {name}: stop it first, or use --stop"};
        case State::kCreating:
          return kNotYet;
      }
      break;
    case Action::kRemoveStopping:
      return state == State::kCreating ? kNotYet : To(std::nullopt);
    case Action::kEnter:
      switch (state) {
        case State::kRunning:
          return To(State::kRunning);
        case State::kPaused:
          return Refuse("it is paused", "resume it with container-unpause {name}");
        case State::kCreating:
          return kNotYet;
        default:
          return Refuse("it is {state}, not running",
                        "start it with container-start {name}, or start and enter it with "
                        "container-run {name}");
      }
    case Action::kExit:
      return state == State::kRunning || state == State::kPaused ? To(State::kStopped) : kIgnored;
    case Action::kStartOutside:
      return state == State::kCreated || state == State::kStopped || state == State::kCreating
                 ? To(State::kRunning)
                 : kIgnored;
    case Action::kPauseOutside:
      return state == State::kRunning ? To(State::kPaused) : kIgnored;
    case Action::kUnpauseOutside:
      return state == State::kPaused ? To(State::kRunning) : kIgnored;
    case Action::kExpire:
      return state == State::kStopped ? To(std::nullopt) : kOnlyDs01d;
    case Action::kVanish:
      return To(std::nullopt);
  }
  return kOnlyDs01d;
}

std::string_view VerbOf(Action action) {
  switch (action) {
    case Action::kConfirm:
      return "confirm the creation of";
    case Action::kRelease:
      return "roll back the reservation of";
    case Action::kStart:
    case Action::kStartOutside:
      return "start";
    case Action::kStop:
    case Action::kExit:
      return "stop";
    case Action::kPause:
    case Action::kPauseOutside:
      return "pause";
    case Action::kUnpause:
    case Action::kUnpauseOutside:
      return "unpause";
    case Action::kRemove:
    case Action::kRemoveStopping:
    case Action::kVanish:
      return "remove";
    case Action::kExpire:
      return "expire";
    case Action::kEnter:
      return "enter";
  }
  return "change";
}

std::string Fill(std::string_view text, std::string_view name, State state) {
  std::string out(text);
  for (const auto& [key, value] :
       {std::pair<std::string_view, std::string_view>{"{name}", name},
        std::pair<std::string_view, std::string_view>{"{state}", ContainerStateName(state)}}) {
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size())) {
      out.replace(at, key.size(), value);
    }
  }
  return out;
}

}  // namespace

std::string_view ContainerStateName(ContainerState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<ContainerState> ParseContainerState(std::string_view name) {
  for (const auto& [value, spelling] : kStateNames) {
    if (spelling == name) return value;
  }
  return std::nullopt;
}

Result<Next> Transition(ContainerState state, Action action, std::string_view name) {
  const Cell cell = CellOf(state, action);
  if (cell.allowed) return cell.next;
  std::string message = !cell.message.empty()
                            ? Fill(cell.message, name, state)
                            : fmt::format("Cannot {} container {}: {}", VerbOf(action), name,
                                          Fill(cell.why, name, state));
  return MakeError(ErrorCode::kConflict, std::move(message), Fill(cell.fix, name, state));
}

bool Allows(ContainerState state, Action action) { return CellOf(state, action).allowed; }

std::string StatesAllowing(Action action) {
  std::vector<std::string_view> states;
  for (const auto& [state, name] : kStateNames) {
    if (state != State::kCreating && Allows(state, action)) states.push_back(name);
  }
  if (states.size() == kStateNames.size() - 1) return "any state";
  std::string out;
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += i + 1 == states.size() ? " or " : ", ";
    out += states[i];
  }
  return out;
}

}  // namespace ds01::api
