#include "cli/pacer.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <thread>

namespace ds01::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Blocks SIGINT in this thread for the test's lifetime, so a stray one cannot end the run.
class SigintBlocked {
 public:
  SigintBlocked() {
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_BLOCK, &interrupt, &previous_);
  }
  ~SigintBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

 private:
  sigset_t previous_;
};

TEST(InterruptiblePacer, WaitsTheWholeIntervalWhenNothingHappens) {
  InterruptiblePacer pacer;
  auto start = steady_clock::now();
  EXPECT_TRUE(pacer.Wait(milliseconds(60)));
  EXPECT_GE(steady_clock::now() - start, milliseconds(60));
}

TEST(InterruptiblePacer, ACtrlCDuringTheWaitEndsItAndSaysStop) {
  SigintBlocked blocked;
  InterruptiblePacer pacer;
  pthread_t waiter = pthread_self();
  std::thread interrupter([waiter] {
    std::this_thread::sleep_for(milliseconds(50));
    pthread_kill(waiter, SIGINT);
  });
  auto start = steady_clock::now();
  EXPECT_FALSE(pacer.Wait(std::chrono::seconds(20)));
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(10));
  interrupter.join();
}

TEST(InterruptiblePacer, ACtrlCAlreadyPendingStopsAtOnce) {
  SigintBlocked blocked;
  pthread_kill(pthread_self(), SIGINT);
  InterruptiblePacer pacer;
  EXPECT_FALSE(pacer.Wait(std::chrono::seconds(20)));
  EXPECT_TRUE(pacer.Wait(milliseconds(1)));
}

}  // namespace
}  // namespace ds01::cli
