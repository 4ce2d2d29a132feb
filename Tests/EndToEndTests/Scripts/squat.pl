# Holds abstract socket names: squat.pl NAME[,NAME...] listen|bind SECONDS.
# Says "ready" once they are held. For TrustEndToEndTests.
use Socket;
my ($names, $listen, $seconds) = @ARGV;
my @sockets;
for my $name (split /,/, $names) {
    socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
    bind($s, pack_sockaddr_un("\0" . $name)) or die "bind $name: $!";
    if ($listen eq "listen") { listen($s, 0) or die "listen: $!"; }
    push @sockets, $s;
}
$| = 1;
print "ready\n";
sleep $seconds;
