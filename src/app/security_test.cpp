// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security.hpp"

#include <gtest/gtest.h>

#include <thread>

using medoffice::app::WorkSlots;
using std::chrono::milliseconds;

TEST(WorkSlots, GivesEachSlotOnceAndRefusesBeyondTheQueue) {
  WorkSlots slots(2, 1);
  EXPECT_TRUE(slots.acquire(milliseconds(0)));
  EXPECT_TRUE(slots.acquire(milliseconds(0)));
  // Both slots are taken: one caller may wait (and gives up after its wait)...
  EXPECT_FALSE(slots.acquire(milliseconds(5)));
  slots.release();
  EXPECT_TRUE(slots.acquire(milliseconds(0)));
  slots.release();
  slots.release();
}

TEST(WorkSlots, AFullQueueIsRefusedAtOnceAndAWaiterGetsTheReleasedSlot) {
  WorkSlots slots(1, 1);
  ASSERT_TRUE(slots.acquire(milliseconds(0)));
  bool waiterGot = false;
  std::thread waiter([&] { waiterGot = slots.acquire(std::chrono::minutes(1)); });
  while (slots.waiting() == 0) std::this_thread::yield();
  // The queue is full: refused at once (a one-minute wait would stall the test if it were not).
  const auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(slots.acquire(std::chrono::minutes(1)));
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(30));
  slots.release();
  waiter.join();
  EXPECT_TRUE(waiterGot);
  slots.release();
}
