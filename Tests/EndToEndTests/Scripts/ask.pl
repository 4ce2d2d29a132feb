# Connects to an abstract socket name and says how many bytes it was sent
# before the other end closed: ask.pl NAME. For TrustEndToEndTests.
use Socket;
my ($name) = @ARGV;
socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
connect($s, pack_sockaddr_un("\0" . $name)) or do { print "not connected: $!\n"; exit 0 };
my $received = "";
my $rin = "";
vec($rin, fileno($s), 1) = 1;
while (select(my $rout = $rin, undef, undef, 3) > 0) {
    my $count = sysread($s, my $chunk, 4096);
    last if !$count;
    $received .= $chunk;
}
print "connected, " . length($received) . " bytes\n";
