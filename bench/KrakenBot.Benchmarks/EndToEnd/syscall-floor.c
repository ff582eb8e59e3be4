// The kernel's floor under a socket client's CPU per frame on this machine (issue 18): what one system call costs, and
// what one recv of a small message already waiting costs (the loopback ACK it sends included). A client that reads
// each book frame as it arrives pays the second figure per frame, whatever its own code does.
//   gcc -O2 -pthread -o /tmp/syscall-floor bench/KrakenBot.Benchmarks/EndToEnd/syscall-floor.c && /tmp/syscall-floor
// Each figure is the best of 7 rounds (least disturbed by other work), wall time per call.
// Then (issue 12) what one send of a 200-byte message costs when another thread sleeps in a read of the other end, as
// the strategy bench's amend write does (the in-process sandbox waits in epoll for its socket): the send wakes it, and
// the loopback receive path runs inside the send. Given as p50/p90/p99 of 20,000 sends, each after a pause (like the
// bench's moves) or back to back. Build with -pthread.
#include <arpa/inet.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static atomic_long received;

// The other end: sleeps in a blocking recv (epoll == 0) or in epoll_wait then a recv (as .NET's socket engine does).
static void *reader(void *argument)
{
    int socket_fd = ((int *)argument)[0], use_epoll = ((int *)argument)[1];
    char buffer[4096];
    int poller = -1;
    if (use_epoll) {
        poller = epoll_create1(0);
        struct epoll_event interest = {.events = EPOLLIN, .data.fd = socket_fd};
        epoll_ctl(poller, EPOLL_CTL_ADD, socket_fd, &interest);
        fcntl(socket_fd, F_SETFL, O_NONBLOCK);
    }
    for (;;) {
        if (use_epoll) {
            struct epoll_event ready;
            if (epoll_wait(poller, &ready, 1, -1) < 0) continue;
        }
        ssize_t got = recv(socket_fd, buffer, sizeof buffer, 0);
        if (got == 0) return NULL;
        if (got > 0) atomic_fetch_add(&received, got);
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

// A loopback TCP connection: the listener, the connecting end (*connecting) and the accepted end (returned).
static int open_loopback(int *listener, int *connecting)
{
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    *listener = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(*listener, (struct sockaddr *)&address, sizeof address) || listen(*listener, 1) ||
        getsockname(*listener, (struct sockaddr *)&address, &length)) { perror("listen"); exit(1); }
    *connecting = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(*connecting, (struct sockaddr *)&address, sizeof address)) { perror("connect"); exit(1); }
    return accept(*listener, NULL, NULL);
}

// Sends of 200 bytes to a reader asleep on another thread; pause_us between sends (0: back to back, after the reader
// took the last one).
static void send_to_sleeping_reader(int use_epoll, int pause_us)
{
    enum { sends = 20000 };
    static double times[sends];
    char message[200];
    memset(message, 'x', sizeof message);
    int pair[2], listener, sender, on = 1;
    pair[0] = open_loopback(&listener, &sender);
    setsockopt(sender, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    pair[1] = use_epoll;
    atomic_store(&received, 0);
    pthread_t thread;
    pthread_create(&thread, NULL, reader, pair);
    long expected = 0;
    for (int i = 0; i < sends; i++) {
        if (pause_us > 0) {
            struct timespec pause = {0, pause_us * 1000L};
            nanosleep(&pause, NULL);
        }
        double start = now_ns();
        send(sender, message, sizeof message, 0);
        times[i] = now_ns() - start;
        expected += sizeof message;
        while (atomic_load(&received) < expected) { }
    }
    shutdown(sender, SHUT_WR);
    pthread_join(thread, NULL);
    close(sender);
    close(pair[0]);
    close(listener);
    qsort(times, sends, sizeof times[0], by_value);
    printf("send 200 B, reader in %-10s pause %4d us: p50 %6.1f  p90 %6.1f  p99 %6.1f us\n", use_epoll ? "epoll_wait" : "recv",
        pause_us, times[sends / 2] / 1000, times[sends * 9 / 10] / 1000, times[sends * 99 / 100] / 1000);
}

int main(void)
{
    const int calls = 200000, messages = 100000, rounds = 7;
    char buffer[65536], message[200];
    memset(message, 'x', sizeof message);

    double best = 1e18;
    for (int r = 0; r < rounds; r++) {
        double start = now_ns();
        for (int i = 0; i < calls; i++) syscall(SYS_getppid);
        double each = (now_ns() - start) / calls;
        if (each < best) best = each;
    }
    printf("null system call (getppid):               %6.0f ns\n", best);

    // A loopback TCP connection like the benchmark's: the server side writes with Nagle off, the client reads.
    int listener, client, on = 1;
    int server = open_loopback(&listener, &client);
    setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    fcntl(client, F_SETFL, O_NONBLOCK);

    best = 1e18;
    for (int r = 0; r < rounds; r++) {
        double start = now_ns();
        for (int i = 0; i < calls; i++) recv(client, buffer, sizeof buffer, 0);
        double each = (now_ns() - start) / calls;
        if (each < best) best = each;
    }
    printf("recv finding nothing (EAGAIN):            %6.0f ns\n", best);

    best = 1e18;
    for (int r = 0; r < rounds; r++) {
        double timed = 0;
        for (int i = 0; i < messages; i++) {
            send(server, message, sizeof message, 0);
            double start = now_ns();
            while (recv(client, buffer, sizeof buffer, 0) <= 0) { }
            timed += now_ns() - start;
        }
        double each = timed / messages;
        if (each < best) best = each;
    }
    printf("recv of one 200-byte message waiting:     %6.0f ns\n", best);

    for (int use_epoll = 0; use_epoll <= 1; use_epoll++) {
        send_to_sleeping_reader(use_epoll, 0);
        send_to_sleeping_reader(use_epoll, 1000);
    }
    return 0;
}
