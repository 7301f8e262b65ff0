// ds01-bench-feed SOCKET FOLLOWERS CHANGES IMAGE: as root (an admin, who sees every event) on
// ds01d's socket, prints two BENCH lines (see bench/run.sh):
//   list-under-500-followers  the median GET /v1/containers?all=1 with FOLLOWERS open
//                             `events?follow=1` streams, against the same with none (s)
//   event-latency-p99         from a change's commit (the event's own time) to its line read
//                             by a follower, over every follower and CHANGES pause/unpause
//                             changes (ms; the event's time has millisecond resolution)
// It creates and removes one CPU-only container, "feed-bench", from IMAGE.
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http/client.h"
#include "http/socket.h"

namespace ds01::bench {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr int kListRuns = 51;

[[noreturn]] void Fail(const std::string& why) {
  std::fprintf(stderr, "ds01-bench-feed: %s\n", why.c_str());
  std::exit(1);
}

double MedianListSeconds(http::Client& client) {
  std::vector<double> times;
  for (int i = 0; i < kListRuns; ++i) {
    const auto start = SteadyClock::now();
    auto listed = client.Do({"GET", "/v1/containers?all=1", {}, ""});
    if (!listed.ok() || listed->status != 200) Fail("a list failed");
    times.push_back(std::chrono::duration<double>(SteadyClock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void Call(http::Client& client, const std::string& method, const std::string& target,
          const std::string& body = {}) {
  auto answer = client.Do({method, target, {{"Content-Type", "application/json"}}, body});
  if (!answer.ok() || answer->status >= 300) {
    Fail(method + " " + target + ": " + (answer.ok() ? answer->body : answer.error().ToString()));
  }
}

// "2026-12-04T12:00:00.123Z" as milliseconds since the epoch.
long long EventMillis(const std::string& time) {
  std::tm parts{};
  int millis = 0;
  if (std::sscanf(time.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &millis) != 7) {
    Fail("unexpected event time " + time);
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<long long>(timegm(&parts)) * 1000 + millis;
}

long long NowMillis() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Follower {
  http::Socket socket;
  std::string pending;  // bytes read, not yet a whole line
};

// Reads everything the followers have (waiting up to `wait` for the first of it) and records,
// for each whole event line, how long after its commit it arrived. Chunk framing lines ("1a",
// "") are skipped: only JSON objects count.
void Drain(std::vector<Follower>& followers, int epoll_fd, std::vector<long long>& latencies,
           milliseconds wait) {
  std::vector<epoll_event> events(followers.size() + 1);
  int timeout = static_cast<int>(wait.count());
  while (true) {
    const int n = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), timeout);
    if (n <= 0) return;
    timeout = 0;
    const long long now = NowMillis();
    for (int i = 0; i < n; ++i) {
      Follower& follower = followers[events[i].data.u32];
      char buffer[16384];
      auto got = follower.socket.Read(buffer, sizeof(buffer), milliseconds(1));
      if (!got.ok() || *got == 0) continue;
      follower.pending.append(buffer, *got);
      std::size_t newline;
      while ((newline = follower.pending.find('\n')) != std::string::npos) {
        const std::string line = follower.pending.substr(0, newline);
        follower.pending.erase(0, newline + 1);
        if (line.empty() || line.front() != '{') continue;
        const auto event = nlohmann::json::parse(line, nullptr, false);
        if (event.is_discarded() || !event.contains("time")) continue;
        latencies.push_back(now - EventMillis(event["time"].get<std::string>()));
      }
    }
  }
}

}  // namespace
}  // namespace ds01::bench

int main(int argc, char** argv) {
  using namespace ds01;
  using namespace ds01::bench;
  if (argc != 5) Fail("usage: ds01-bench-feed SOCKET FOLLOWERS CHANGES IMAGE");
  const http::Endpoint endpoint{http::Endpoint::Kind::kUnix, argv[1], "", 0};
  const int follower_count = std::atoi(argv[2]);
  const int changes = std::atoi(argv[3]);
  const std::string image = argv[4];
  http::Client client(endpoint);

  const double alone = MedianListSeconds(client);
  std::vector<Follower> followers;
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  for (int i = 0; i < follower_count; ++i) {
    auto socket = http::Socket::Connect(endpoint, milliseconds(5000));
    if (!socket.ok()) Fail("follower " + std::to_string(i) + ": " + socket.error().ToString());
    if (!socket->WriteAll("GET /v1/events?follow=1 HTTP/1.1\r\n\r\n", milliseconds(5000)).ok()) {
      Fail("follower " + std::to_string(i) + " could not ask");
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = static_cast<std::uint32_t>(i);
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, socket->fd(), &event);
    followers.push_back(Follower{std::move(*socket), {}});
  }
  std::vector<long long> latencies;
  Drain(followers, epoll_fd, latencies, milliseconds(500));  // every stream's head
  const double followed = MedianListSeconds(client);
  std::printf("BENCH name=list-under-%d-followers ours=%.6f base=%.6f unit=s ratio=%.3f\n",
              follower_count, followed, alone, followed / alone);

  Call(client, "POST", "/v1/containers",
       R"({"name":"feed-bench","image":")" + image + R"(","gpus":0})");
  Call(client, "POST", "/v1/containers/feed-bench/start", "{}");
  Drain(followers, epoll_fd, latencies, milliseconds(200));
  latencies.clear();
  for (int i = 0; i < changes; ++i) {
    Call(client, "POST", std::string("/v1/containers/feed-bench/") + (i % 2 ? "unpause" : "pause"),
         "{}");
    Drain(followers, epoll_fd, latencies, milliseconds(5));
  }
  const auto end = SteadyClock::now() + milliseconds(2000);
  while (latencies.size() < static_cast<std::size_t>(changes * follower_count) &&
         SteadyClock::now() < end) {
    Drain(followers, epoll_fd, latencies, milliseconds(50));
  }
  Call(client, "POST", "/v1/containers/feed-bench/remove", R"({"stop":true})");
  if (latencies.size() < static_cast<std::size_t>(changes * follower_count)) {
    Fail("followers saw " + std::to_string(latencies.size()) + " events of " +
         std::to_string(changes * follower_count));
  }
  std::sort(latencies.begin(), latencies.end());
  const long long p99 = latencies[latencies.size() * 99 / 100];
  std::printf("BENCH name=event-latency-p99 ours=%lld unit=ms followers=%d events=%zu\n", p99,
              follower_count, latencies.size());
  return 0;
}
