using OpsReady.Analyzers.Facts;
using OpsReady.Contract;
using OpsReady.Analyzers.Health;

namespace OpsReady.Analyzers.Tests.Health;

public class FactValueTests
{
    [Theory]
    [InlineData("/health/ready")]
    [InlineData("")]
    [InlineData("/a;b=c%d")]
    [InlineData("%3B literally")]
    [InlineData("tab\there\nnewline\u007f")]
    [InlineData("M:Ns.Type.Method``1(``0,System.Collections.Generic.List{System.String})~``0")]
    [InlineData("ünïcode/路径")]
    public void Values_round_trip(string text)
    {
        var written = new FactValue().Add("path", text).Add("k;e=y%", text).ToString();
        var read = FactValue.Parse(written);
        Assert.Equal(text, read.Get("path"));
        Assert.Equal(text, read.Get("k;e=y%"));
        Assert.Equal(2, read.Pairs.Count);
    }

    [Fact]
    public void Reserved_characters_are_percent_encoded()
    {
        Assert.Equal("path=/a%3Bb%3Dc%25d;env=%0A", new FactValue().Add("path", "/a;b=c%d").Add("env", "\n").ToString());
    }

    [Fact]
    public void The_documented_endpoint_example_reads_back()
    {
        var value = FactValue.Parse("path=/health/ready;environments=all;grpc=false;probe=readiness");
        Assert.Equal("/health/ready", value.Get("path"));
        Assert.Equal("all", value.Get("environments"));
        Assert.False(value.GetBool("grpc"));
        Assert.Equal("readiness", value.Get("probe"));
        Assert.Null(value.Get("unknown"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(";;;")]
    [InlineData("novalue")]
    [InlineData("bad=%zz;trail=%4")]
    [InlineData("=x")]
    public void Malformed_values_never_throw(string text)
    {
        var value = FactValue.Parse(text);
        Assert.NotNull(value.ToString());
    }

    [Fact]
    public void Endpoint_facts_round_trip()
    {
        var endpoint = new HealthEndpoint("/alive", EnvironmentSet.Only("Development"), isGrpc: false, Probes.Liveness, filtered: true, site: null, conditionSite: null);
        var read = HealthEndpoint.FromFact(FactValue.Parse(endpoint.AddTo(new FactValue()).ToString()));
        Assert.Equal("/alive", read.Path);
        Assert.True(read.Environments.IsDevelopmentOnly);
        Assert.Equal(Probes.Liveness, read.Probe);
        Assert.True(read.Filtered);
        Assert.False(read.IsGrpc);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("Development")]
    [InlineData("Development,Staging")]
    [InlineData("!Development")]
    [InlineData("none")]
    public void Environment_sets_round_trip(string text)
        => Assert.Equal(text, EnvironmentSet.Parse(text).ToString());

    [Fact]
    public void Environment_conditions_combine()
    {
        var development = EnvironmentSet.Only("Development");
        Assert.True(EnvironmentSet.All.And(development).IsDevelopmentOnly);
        Assert.Equal("!Development", development.Negate().ToString());
        Assert.Equal("none", development.And(development.Negate()).ToString());
        Assert.Equal("Development,Staging", development.Or(EnvironmentSet.Only("Staging")).ToString());
        Assert.True(development.Or(development.Negate()).IsAll);
        Assert.True(EnvironmentSet.All.Negate().IsAll);
    }
}
