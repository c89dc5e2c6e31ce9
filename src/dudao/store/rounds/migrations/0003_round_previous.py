
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rounds', '0002_publication'),
    ]

    operations = [
        migrations.AddField(
            model_name='round',
            name='previous',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='next_rounds', to='rounds.round', verbose_name='上一轮'),
        ),
    ]
