using FedWorkbench.Web.Tables;

namespace FedWorkbench.Web.Tests.Tables;

public sealed class RecentItemsTests
{
    [Fact]
    public void Add_OverCapacity_DropsLeastRecentlyUsed()
    {
        var items = new RecentItems<string>(capacity: 2);
        items.Add("a", "A");
        items.Add("b", "B");

        // Using a makes b the least recently used, so c replaces b and the newest value stays.
        Assert.Equal("A", items.Find("a"));
        items.Add("c", "C");
        items.Add("d", "D");

        Assert.Null(items.Find("b"));
        Assert.Null(items.Find("a"));
        Assert.Equal("C", items.Find("c"));
        Assert.Equal("D", items.Find("d"));
    }

    [Fact]
    public void Add_SameKey_ReplacesValue()
    {
        var items = new RecentItems<string>(capacity: 2);
        items.Add("a", "first");
        items.Add("a", "second");
        items.Add("b", "B");

        Assert.Equal("second", items.Find("a"));
        Assert.Equal("B", items.Find("b"));
    }
}
