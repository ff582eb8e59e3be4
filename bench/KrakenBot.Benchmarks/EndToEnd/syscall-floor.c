// The kernel's floor under a socket client's CPU per frame on this machine (issue 18): what one system call costs, and
// what one recv of a small message already waiting costs (the loopback ACK it sends included). A client that reads
// each book frame as it arrives pays the second figure per frame, whatever its own code does.
//   gcc -O2 -o /tmp/syscall-floor bench/KrakenBot.Benchmarks/EndToEnd/syscall-floor.c && /tmp/syscall-floor
// Each figure is the best of 7 rounds (least disturbed by other work), wall time per call.
#include <arpa/inet.h>
#include <fcntl.h>
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
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 1) ||
        getsockname(listener, (struct sockaddr *)&address, &length)) { perror("listen"); return 1; }
    int client = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(client, (struct sockaddr *)&address, sizeof address)) { perror("connect"); return 1; }
    int server = accept(listener, NULL, NULL), on = 1;
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
    return 0;
}
